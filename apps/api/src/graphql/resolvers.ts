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
import {
  ActivitiesResolver,
  CalendarFeedsResolver,
  NotesResolver,
  SilenceProceduresResolver,
  YearlyReviewResolver,
} from '@fpn/workflows';

/**
 * Every resolver the API serves. The API module registers exactly these, and
 * the schema printer builds `schema.graphql` from exactly these.
 */
export const API_RESOLVERS = [
  ActivitiesResolver,
  ApiCredentialsResolver,
  AuditLogResolver,
  AuthResolver,
  AuthoritiesResolver,
  CalendarFeedsResolver,
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
  NetworkRosterResolver,
  NetworksResolver,
  NotesResolver,
  NotificationsResolver,
  RequestInformationResolver,
  RequestsResolver,
  SilenceProceduresResolver,
  ThreadMessagesResolver,
  UserAdminResolver,
  WebhooksResolver,
  YearlyReviewResolver,
];
