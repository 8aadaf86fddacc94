import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema } from 'graphql';
import { generate } from 'otplib';
import { MFA_REQUIRED_ROLES, Role, TotpService, UsersService } from '@fpn/identity';
import { gql, GraphqlTestClient, startTestApp, type TestApp } from '@fpn/testing';

type Caller = 'anonymous' | Role;
type Outcome = 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT';

const CALLERS: Caller[] = [
  'anonymous',
  Role.SECRETARIAT_ADMIN,
  Role.SECRETARIAT_OFFICER,
  Role.STATE_COORDINATOR,
  Role.FOCAL_POINT,
];

const ACCOUNTS: Record<Role, { email: string; state: string | null }> = {
  [Role.SECRETARIAT_ADMIN]: { email: 'admin@secretariat.example', state: null },
  [Role.SECRETARIAT_OFFICER]: { email: 'officer@secretariat.example', state: null },
  [Role.STATE_COORDINATOR]: { email: 'coordinator@mfa.kz.example', state: 'KZ' },
  [Role.FOCAL_POINT]: { email: 'focal@police.tj.example', state: 'TJ' },
};
const PASSWORD = 'oasis granite window 1994';

const everyone = (outcome: Outcome): Record<Caller, Outcome> =>
  Object.fromEntries(CALLERS.map((caller) => [caller, outcome])) as Record<Caller, Outcome>;
const signedIn = (outcome: Outcome): Record<Caller, Outcome> => ({
  ...everyone(outcome),
  anonymous: 'UNAUTHENTICATED',
});

interface Row {
  document: string;
  variables?: Record<string, unknown>;
  expect: Record<Caller, Outcome>;
}

/**
 * Every operation of schema.graphql, executed over HTTP as every role. A new
 * operation without a row here fails the first test; one without a declared
 * policy is refused at run time and fails its row.
 */
const TABLE: Record<string, Row> = {
  'Query.memberStates': { document: '{ memberStates { code } }', expect: everyone('ok') },
  'Query.memberState': { document: '{ memberState(code: "KZ") { code } }', expect: everyone('ok') },
  'Query.networks': { document: '{ networks { key } }', expect: everyone('ok') },
  'Query.network': {
    document: '{ network(key: "law-enforcement") { key } }',
    expect: everyone('ok'),
  },
  'Query.me': { document: '{ me { email } }', expect: signedIn('ok') },
  'Mutation.login': {
    document: `mutation { login(input: { email: "focal@police.tj.example", password: "${PASSWORD}" }) { accessToken } }`,
    expect: everyone('ok'),
  },
  'Mutation.refreshSession': {
    // Public, so an invalid token is UNAUTHENTICATED for everyone (never FORBIDDEN).
    document: 'mutation { refreshSession(refreshToken: "not-a-token") { accessToken } }',
    expect: everyone('UNAUTHENTICATED'),
  },
  'Mutation.logout': { document: 'mutation { logout }', expect: signedIn('ok') },
  'Query.auditLog': {
    document: '{ auditLog(first: 5) { entries { type } nextCursor } }',
    expect: {
      anonymous: 'UNAUTHENTICATED',
      [Role.SECRETARIAT_ADMIN]: 'ok',
      [Role.SECRETARIAT_OFFICER]: 'ok',
      [Role.STATE_COORDINATOR]: 'FORBIDDEN',
      [Role.FOCAL_POINT]: 'FORBIDDEN',
    },
  },
  'Mutation.startTotpEnrolment': {
    // The roles that must use TOTP have set it up already (see beforeAll).
    document: 'mutation { startTotpEnrolment { uri } }',
    expect: {
      ...signedIn('CONFLICT'),
      [Role.FOCAL_POINT]: 'ok',
    },
  },
  'Mutation.confirmTotpEnrolment': {
    // Reaches the service for every signed-in role: already set up, or a wrong code.
    document: 'mutation { confirmTotpEnrolment(code: "000000") { codes } }',
    expect: { ...signedIn('CONFLICT'), [Role.FOCAL_POINT]: 'BAD_USER_INPUT' },
  },
  // API credentials: the coordinator manages their own state's (KZ); credentials as callers
  // are covered in test/identity/api-credentials.e2e-spec.ts.
  'Query.apiCredentials': {
    document: '{ apiCredentials { id } }',
    expect: { ...signedIn('ok'), [Role.FOCAL_POINT]: 'FORBIDDEN' },
  },
  'Query.currentApiCredential': {
    // For API credentials only: no account may call it.
    document: '{ currentApiCredential { id } }',
    expect: signedIn('FORBIDDEN'),
  },
  'Mutation.issueApiCredential': {
    document:
      'mutation { issueApiCredential(input: { name: "Table", memberStateCode: "KZ", networkKeys: [], operations: [DIRECTORY_READ] }) { secret } }',
    expect: { ...signedIn('ok'), [Role.FOCAL_POINT]: 'FORBIDDEN' },
  },
  'Mutation.rotateApiCredential': {
    // A credential that does not exist: reaches the service for every role that manages them.
    document:
      'mutation { rotateApiCredential(id: "00000000-0000-4000-8000-000000000000") { secret } }',
    expect: { ...signedIn('NOT_FOUND'), [Role.FOCAL_POINT]: 'FORBIDDEN' },
  },
  'Mutation.revokeApiCredential': {
    document: 'mutation { revokeApiCredential(id: "00000000-0000-4000-8000-000000000000") { id } }',
    expect: { ...signedIn('NOT_FOUND'), [Role.FOCAL_POINT]: 'FORBIDDEN' },
  },
  // Notifications: each account reads and marks only its own.
  'Query.notifications': {
    document: '{ notifications(first: 5) { entries { id } nextCursor } }',
    expect: signedIn('ok'),
  },
  'Query.unreadNotificationCount': {
    document: '{ unreadNotificationCount }',
    expect: signedIn('ok'),
  },
  'Mutation.markNotificationsRead': {
    document: 'mutation { markNotificationsRead(ids: ["00000000-0000-4000-8000-000000000000"]) }',
    expect: signedIn('ok'),
  },
  'Mutation.markAllNotificationsRead': {
    document: 'mutation { markAllNotificationsRead }',
    expect: signedIn('ok'),
  },
  'Subscription.notificationAdded': {
    // Over HTTP a subscription is refused for everyone; over WebSocket it needs a signed-in account.
    document: 'subscription { notificationAdded { id } }',
    expect: everyone('BAD_USER_INPUT'),
  },
};

function schemaOperations(): string[] {
  const sdl = readFileSync(path.resolve(__dirname, '../../schema.graphql'), 'utf8');
  const schema = buildSchema(sdl);
  return [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap(
    (type) => (type ? Object.keys(type.getFields()).map((field) => `${type.name}.${field}`) : []),
  );
}

describe('authorization table: every operation, every role', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({
      worker: false,
      env: { SIGNIN_FREE_ATTEMPTS_PER_ADDRESS: '10000', SIGNIN_FREE_ATTEMPTS_PER_ACCOUNT: '100' },
    });
    const users = app.api.get(UsersService);
    const totp = app.api.get(TotpService);
    for (const [role, account] of Object.entries(ACCOUNTS)) {
      const user = await users.create(
        {
          email: account.email,
          displayName: role,
          role: role as Role,
          memberStateCode: account.state,
        },
        PASSWORD,
      );
      // Roles that must use a second factor have set one up, as they would in practice.
      if (MFA_REQUIRED_ROLES.includes(user.role)) {
        const { secret } = await totp.startEnrolment(user);
        secrets.set(user.role, secret);
        await totp.confirmEnrolment(user, await codeNow(secret));
      }
    }
  });
  afterAll(() => app?.close());

  const secrets = new Map<Role, string>();
  const codeNow = (secret: string) =>
    generate({ secret, epoch: Math.floor(app.clock.now().getTime() / 1000) });

  /** A fresh session per call, so one row's logout cannot affect another. */
  async function clientFor(caller: Caller): Promise<GraphqlTestClient> {
    const client = new GraphqlTestClient(`${app.url}/graphql`);
    if (caller === 'anonymous') return client;
    const { login } = await client.query(
      gql<
        { login: { accessToken: string } },
        { email: string; password: string; totpCode?: string }
      >`
        mutation ($email: String!, $password: String!, $totpCode: String) {
          login(input: { email: $email, password: $password, totpCode: $totpCode }) {
            accessToken
          }
        }
      `,
      { email: ACCOUNTS[caller].email, password: PASSWORD, totpCode: await nextCode(caller) },
    );
    return client.asBearer(login.accessToken);
  }

  /** Each TOTP code works once: move to the next 30 s step before every sign-in. */
  async function nextCode(caller: Role): Promise<string | undefined> {
    const secret = secrets.get(caller);
    if (!secret) return undefined;
    app.clock.advance(30_000);
    return codeNow(secret);
  }

  it('has a row for every operation in schema.graphql', () => {
    expect(Object.keys(TABLE).sort()).toEqual(schemaOperations().sort());
  });

  for (const [operation, row] of Object.entries(TABLE)) {
    it(`${operation}: ${CALLERS.map((caller) => `${caller} → ${row.expect[caller]}`).join(', ')}`, async () => {
      for (const caller of CALLERS) {
        const client = await clientFor(caller);
        const response = await client.request(
          gql<unknown>`
            ${row.document}
          `,
          row.variables,
        );
        const outcome = response.errors?.length ? response.errors[0].extensions?.code : 'ok';
        expect({ caller, outcome }).toEqual({ caller, outcome: row.expect[caller] });
      }
    });
  }
});
