import { MemberStatesResolver, NetworksResolver } from '@fpn/directory';
import { AuditLogResolver } from '@fpn/audit';
import { AuthResolver, MfaResolver } from '@fpn/identity';

/**
 * Every resolver the API serves. The API module registers exactly these, and
 * the schema printer builds `schema.graphql` from exactly these.
 */
export const API_RESOLVERS = [
  AuditLogResolver,
  AuthResolver,
  MfaResolver,
  MemberStatesResolver,
  NetworksResolver,
];
