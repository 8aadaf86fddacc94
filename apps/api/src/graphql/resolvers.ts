import { MemberStatesResolver, NetworksResolver } from '@fpn/directory';
import { AuthResolver, MfaResolver } from '@fpn/identity';

/**
 * Every resolver the API serves. The API module registers exactly these, and
 * the schema printer builds `schema.graphql` from exactly these.
 */
export const API_RESOLVERS = [AuthResolver, MfaResolver, MemberStatesResolver, NetworksResolver];
