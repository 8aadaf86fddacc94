import { AuthorityEntity } from './authorities/authority.entity';
import { FocalPointEntity } from './focal-points/focal-point.entity';
import { MemberStateEntity } from './member-states/member-state.entity';
import { RequestNotesEntity } from './member-states/request-notes.entity';
import { NetworkMembershipEntity } from './memberships/network-membership.entity';
import { NetworkEntity } from './networks/network.entity';

/** Every table this library owns; the database library registers them. */
export const DIRECTORY_ENTITIES = [
  MemberStateEntity,
  NetworkEntity,
  AuthorityEntity,
  FocalPointEntity,
  NetworkMembershipEntity,
  RequestNotesEntity,
];
