import {
  AuthoritiesResolver,
  CommunicationChecksResolver,
  DirectoryChangesResolver,
  DirectoryEditsResolver,
  DirectoryHistoryResolver,
  FocalPointConnectionResolver,
  FocalPointsResolver,
  FreshnessResolver,
  MemberStateRosterResolver,
  MemberStatesResolver,
  NetworkAdministrationResolver,
  NetworkMembershipResolver,
  NetworkRosterResolver,
  NetworksResolver,
  RequestInformationResolver,
} from '@fpn/directory';
import { AuditLogResolver } from '@fpn/audit';
import {
  ApiCredentialsResolver,
  AuthResolver,
  MfaResolver,
  UserAdminResolver,
} from '@fpn/identity';
import {
  CredentialDevicesResolver,
  IdentityKeyChangeFingerprintResolver,
  IdentityKeyFingerprintResolver,
  KeyBackupsResolver,
  KeyDirectoryResolver,
} from '@fpn/keys';
import {
  DeliveryQueueResolver,
  MessageAttachmentsResolver,
  MessageSenderDeviceResolver,
  MessagingResolver,
  RequestsResolver,
  ThreadMessagesResolver,
  WebhooksResolver,
} from '@fpn/messaging';
import { NotificationsResolver } from '@fpn/notifications';

/**
 * Every resolver the API serves. The API module registers exactly these, and
 * the schema printer builds `schema.graphql` from exactly these.
 */
export const API_RESOLVERS = [
  ApiCredentialsResolver,
  AuditLogResolver,
  AuthResolver,
  AuthoritiesResolver,
  CommunicationChecksResolver,
  CredentialDevicesResolver,
  DeliveryQueueResolver,
  DirectoryChangesResolver,
  DirectoryEditsResolver,
  DirectoryHistoryResolver,
  FocalPointConnectionResolver,
  FocalPointsResolver,
  FreshnessResolver,
  IdentityKeyChangeFingerprintResolver,
  IdentityKeyFingerprintResolver,
  KeyDirectoryResolver,
  KeyBackupsResolver,
  MessageAttachmentsResolver,
  MessageSenderDeviceResolver,
  MessagingResolver,
  MfaResolver,
  MemberStateRosterResolver,
  MemberStatesResolver,
  NetworkAdministrationResolver,
  NetworkMembershipResolver,
  NetworkRosterResolver,
  NetworksResolver,
  NotificationsResolver,
  RequestInformationResolver,
  RequestsResolver,
  ThreadMessagesResolver,
  UserAdminResolver,
  WebhooksResolver,
];
