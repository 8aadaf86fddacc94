import { MemberStatesResolver, NetworksResolver } from '@fpn/directory';
import { AuditLogResolver } from '@fpn/audit';
import {
  ApiCredentialsResolver,
  AuthResolver,
  MfaResolver,
  UserAdminResolver,
} from '@fpn/identity';
import { NotificationsResolver } from '@fpn/notifications';

/**
 * Every resolver the API serves. The API module registers exactly these, and
 * the schema printer builds `schema.graphql` from exactly these.
 */
export const API_RESOLVERS = [
  ApiCredentialsResolver,
  AuditLogResolver,
  AuthResolver,
  MfaResolver,
  MemberStatesResolver,
  NetworksResolver,
  NotificationsResolver,
  UserAdminResolver,
];
