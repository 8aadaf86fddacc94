import { AuthorityEntity } from './authorities/authority.entity';
import { DirectoryChangeEntity } from './changes/directory-change.entity';
import { CommunicationCheckRecipientEntity } from './communication-checks/communication-check-recipient.entity';
import { CommunicationCheckResultEntity } from './communication-checks/communication-check-result.entity';
import { CommunicationCheckEntity } from './communication-checks/communication-check.entity';
import { FocalPointEntity } from './focal-points/focal-point.entity';
import { MemberStateEntity } from './member-states/member-state.entity';
import { RequestNotesEntity } from './member-states/request-notes.entity';
import { NetworkMembershipEntity } from './memberships/network-membership.entity';
import { NetworkEntity } from './networks/network.entity';
import { DirectoryVersionEntity } from './history/directory-version.entity';

/** Every table this library owns; the database library registers them. */
export const DIRECTORY_ENTITIES = [
  MemberStateEntity,
  NetworkEntity,
  AuthorityEntity,
  FocalPointEntity,
  NetworkMembershipEntity,
  RequestNotesEntity,
  DirectoryChangeEntity,
  DirectoryVersionEntity,
  CommunicationCheckEntity,
  CommunicationCheckRecipientEntity,
  CommunicationCheckResultEntity,
];
