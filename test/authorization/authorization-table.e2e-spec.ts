import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema } from 'graphql';
import { DataSource } from 'typeorm';
import {
  API_OPERATIONS,
  ApiCredentialsService,
  Role,
  UserEntity,
  UserStatus,
  UsersService,
} from '@fpn/identity';
import { NotificationKind, NotificationsService } from '@fpn/notifications';
import { LiveEvents } from '@fpn/queue';
import {
  createTestAccount,
  gql,
  GraphqlTestClient,
  signInTestAccount,
  startTestApp,
  type TestAccount,
  type TestApp,
  TestSubscriptionSocket,
} from '@fpn/testing';

/** Who calls: nobody, a person in each role, or a ministry system's API credential. */
type Caller = 'anonymous' | Role | 'API_CREDENTIAL';
type Outcome = 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT';

const CALLERS: Caller[] = [
  'anonymous',
  Role.SECRETARIAT_ADMIN,
  Role.SECRETARIAT_OFFICER,
  Role.STATE_COORDINATOR,
  Role.FOCAL_POINT,
  'API_CREDENTIAL',
];

/** Every state-bound caller belongs to OWN; OTHER is another member state. */
const OWN = 'KZ';
const OTHER = 'TJ';
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

const everyone = (outcome: Outcome): Record<Caller, Outcome> =>
  Object.fromEntries(CALLERS.map((caller) => [caller, outcome])) as Record<Caller, Outcome>;

/** An operation for signed-in people: anonymous is asked to sign in; a credential is refused. */
const people = (
  outcome: Outcome,
  overrides: Partial<Record<Caller, Outcome>> = {},
): Record<Caller, Outcome> => ({
  ...everyone(outcome),
  anonymous: 'UNAUTHENTICATED',
  API_CREDENTIAL: 'FORBIDDEN',
  ...overrides,
});

/** Account administration: the Secretariat and coordinators; focal points are refused. */
const administrators = (overrides: Partial<Record<Caller, Outcome>> = {}) =>
  people('ok', { [Role.FOCAL_POINT]: 'FORBIDDEN', ...overrides });

/** Fresh objects for one execution, so one caller's change cannot decide another's outcome. */
interface Fixtures {
  account(
    state: string,
    options?: { role?: Role; suspended?: boolean; email?: string },
  ): Promise<{ id: string }>;
  credential(state: string): Promise<{ id: string }>;
  /** A notification of another account of OWN. */
  othersNotification(): Promise<{ id: string }>;
  uniqueEmail(): string;
}

interface Row {
  document: string;
  variables?: (fixtures: Fixtures, caller: Caller) => Promise<Record<string, unknown>>;
  expect: Record<Caller, Outcome>;
  /** What a successful answer may contain for this caller (scope of lists and nested fields). */
  check?: (data: Record<string, unknown>, caller: Caller) => void;
  /** Subscriptions run over graphql-ws, as clients use them. */
  transport?: 'http' | 'ws';
}

const ownAccount = (fixtures: Fixtures) =>
  fixtures.account(OWN).then(({ id }) => ({ id }) as Record<string, unknown>);
const otherAccount = (fixtures: Fixtures) =>
  fixtures.account(OTHER).then(({ id }) => ({ id }) as Record<string, unknown>);

/** Every state code in a list answer belongs to the caller's state when the caller is bound to one. */
const onlyOwnStateFor =
  (listOf: (data: Record<string, unknown>) => { memberStateCode: string | null }[]) =>
  (data: Record<string, unknown>, caller: Caller) => {
    const states = new Set(listOf(data).map((item) => item.memberStateCode));
    if (caller === Role.STATE_COORDINATOR) expect([...states]).toEqual([OWN]);
    else expect(states.size).toBeGreaterThan(1);
  };

/**
 * Every operation of schema.graphql, executed as every caller: against the
 * caller's own state and another state, by id, and through lists. A row key
 * is the operation, optionally followed by the case. A new operation without
 * a row fails the first test; one without a declared policy is refused at run
 * time and fails its row.
 */
const TABLE: Record<string, Row> = {
  // Public reference data.
  // `name(lang:)` is a resolved field: it passes the PolicyGuard too.
  'Query.memberStates': {
    document: '{ memberStates { code name(lang: RU) } }',
    expect: everyone('ok'),
  },
  'Query.memberState': {
    document: `{ memberState(code: "${OTHER}") { code } }`,
    expect: everyone('ok'),
  },
  'Query.networks': { document: '{ networks { key name(lang: RU) } }', expect: everyone('ok') },
  'Query.network': {
    document: '{ network(key: "law-enforcement") { key } }',
    expect: everyone('ok'),
  },

  // Sign-in and sessions.
  'Query.me': { document: '{ me { email } }', expect: people('ok') },
  'Mutation.login': {
    document: `mutation ($email: String!) { login(input: { email: $email, password: "quartz meadow lantern 1987" }) { accessToken } }`,
    variables: async (fixtures) => {
      const email = fixtures.uniqueEmail();
      await fixtures.account(OWN, { email });
      return { email };
    },
    expect: everyone('ok'),
  },
  'Mutation.refreshSession': {
    // Public, so an invalid token is UNAUTHENTICATED for everyone (never FORBIDDEN).
    document: 'mutation { refreshSession(refreshToken: "not-a-token") { accessToken } }',
    expect: everyone('UNAUTHENTICATED'),
  },
  'Mutation.logout': { document: 'mutation { logout }', expect: people('ok') },
  'Mutation.acceptInvitation': {
    document: `mutation { acceptInvitation(token: "${'x'.repeat(43)}", password: "long enough password 1") { accessToken } }`,
    expect: everyone('UNAUTHENTICATED'),
  },
  'Mutation.startTotpEnrolment': {
    // The roles that must use TOTP have set it up already.
    document: 'mutation { startTotpEnrolment { uri } }',
    expect: people('CONFLICT', { [Role.FOCAL_POINT]: 'ok' }),
  },
  'Mutation.confirmTotpEnrolment': {
    // Reaches the service for every signed-in role: already set up, or a wrong code.
    document: 'mutation { confirmTotpEnrolment(code: "000000") { codes } }',
    expect: people('CONFLICT', { [Role.FOCAL_POINT]: 'BAD_USER_INPUT' }),
  },

  // The audit log: the Secretariat only.
  'Query.auditLog': {
    document: '{ auditLog(first: 5) { entries { type } nextCursor } }',
    expect: people('FORBIDDEN', {
      [Role.SECRETARIAT_ADMIN]: 'ok',
      [Role.SECRETARIAT_OFFICER]: 'ok',
    }),
  },

  // Accounts: the Secretariat everywhere, a coordinator in their own state only.
  'Query.users (list: a coordinator sees their own state only)': {
    document: '{ users(first: 100) { users { memberStateCode } } }',
    variables: async (fixtures) => {
      await fixtures.account(OWN);
      await fixtures.account(OTHER);
      return {};
    },
    expect: administrators(),
    check: onlyOwnStateFor((data) =>
      (data.users as { users: { memberStateCode: string | null }[] }).users.filter(
        (user) => user.memberStateCode !== null,
      ),
    ),
  },
  'Query.users (filtered to another state)': {
    document: `{ users(filter: { memberStateCode: "${OTHER}" }) { users { id } } }`,
    expect: administrators({ [Role.STATE_COORDINATOR]: 'FORBIDDEN' }),
  },
  'Query.user (own state, by id)': {
    document: 'query ($id: ID!) { user(id: $id) { id } }',
    variables: ownAccount,
    expect: administrators(),
  },
  'Query.user (another state, by id)': {
    document: 'query ($id: ID!) { user(id: $id) { id } }',
    variables: otherAccount,
    expect: administrators({ [Role.STATE_COORDINATOR]: 'NOT_FOUND' }),
  },
  'Mutation.inviteUser': {
    document: `mutation ($email: String!) { inviteUser(input: { email: $email, displayName: "New Person", role: FOCAL_POINT, memberStateCode: "${OWN}" }) { id } }`,
    variables: async (fixtures) => ({ email: fixtures.uniqueEmail() }),
    expect: administrators({ [Role.STATE_COORDINATOR]: 'FORBIDDEN' }),
  },
  'Mutation.resetUserAccess (own state)': {
    document: 'mutation ($id: ID!) { resetUserAccess(userId: $id) { id } }',
    variables: ownAccount,
    expect: administrators(),
  },
  'Mutation.resetUserAccess (another state)': {
    document: 'mutation ($id: ID!) { resetUserAccess(userId: $id) { id } }',
    variables: otherAccount,
    expect: administrators({ [Role.STATE_COORDINATOR]: 'NOT_FOUND' }),
  },
  'Mutation.suspendUser (own state)': {
    document: 'mutation ($id: ID!) { suspendUser(userId: $id, reason: "Left the post") { id } }',
    variables: ownAccount,
    expect: administrators(),
  },
  'Mutation.suspendUser (another state)': {
    document: 'mutation ($id: ID!) { suspendUser(userId: $id, reason: "Left the post") { id } }',
    variables: otherAccount,
    expect: administrators({ [Role.STATE_COORDINATOR]: 'NOT_FOUND' }),
  },
  'Mutation.reactivateUser (own state)': {
    document: 'mutation ($id: ID!) { reactivateUser(userId: $id) { id } }',
    variables: async (fixtures) => fixtures.account(OWN, { suspended: true }),
    expect: administrators(),
  },
  'Mutation.reactivateUser (another state)': {
    document: 'mutation ($id: ID!) { reactivateUser(userId: $id) { id } }',
    variables: async (fixtures) => fixtures.account(OTHER, { suspended: true }),
    expect: administrators({ [Role.STATE_COORDINATOR]: 'NOT_FOUND' }),
  },

  'Mutation.changeUserRole': {
    document: `mutation ($id: ID!) { changeUserRole(userId: $id, role: STATE_COORDINATOR, memberStateCode: "${OWN}") { role } }`,
    variables: ownAccount,
    expect: administrators({
      [Role.SECRETARIAT_OFFICER]: 'FORBIDDEN',
      [Role.STATE_COORDINATOR]: 'FORBIDDEN',
    }),
  },

  // API credentials: issued and managed by the Secretariat, or a coordinator for their state.
  'Query.apiCredentials (list: a coordinator sees their own state only)': {
    document: '{ apiCredentials { memberStateCode } }',
    variables: async (fixtures) => {
      await fixtures.credential(OWN);
      await fixtures.credential(OTHER);
      return {};
    },
    expect: administrators(),
    check: onlyOwnStateFor((data) => data.apiCredentials as { memberStateCode: string | null }[]),
  },
  'Query.apiCredentials (filtered to another state)': {
    document: `{ apiCredentials(memberStateCode: "${OTHER}") { id } }`,
    expect: administrators({ [Role.STATE_COORDINATOR]: 'FORBIDDEN' }),
  },
  'Query.currentApiCredential': {
    // For API credentials only: no account may call it.
    document: '{ currentApiCredential { memberStateCode } }',
    expect: people('FORBIDDEN', { API_CREDENTIAL: 'ok' }),
  },
  'Mutation.issueApiCredential (own state)': {
    document: `mutation { issueApiCredential(input: { name: "Table", memberStateCode: "${OWN}", networkKeys: [], operations: [DIRECTORY_READ] }) { secret } }`,
    expect: administrators(),
  },
  'Mutation.issueApiCredential (another state)': {
    document: `mutation { issueApiCredential(input: { name: "Table", memberStateCode: "${OTHER}", networkKeys: [], operations: [DIRECTORY_READ] }) { secret } }`,
    expect: administrators({ [Role.STATE_COORDINATOR]: 'FORBIDDEN' }),
  },
  'Mutation.rotateApiCredential (own state)': {
    document: 'mutation ($id: ID!) { rotateApiCredential(id: $id) { secret } }',
    variables: (fixtures) => fixtures.credential(OWN),
    expect: administrators(),
  },
  'Mutation.rotateApiCredential (another state)': {
    document: 'mutation ($id: ID!) { rotateApiCredential(id: $id) { secret } }',
    variables: (fixtures) => fixtures.credential(OTHER),
    expect: administrators({ [Role.STATE_COORDINATOR]: 'NOT_FOUND' }),
  },
  'Mutation.revokeApiCredential (own state)': {
    document: 'mutation ($id: ID!) { revokeApiCredential(id: $id) { id } }',
    variables: (fixtures) => fixtures.credential(OWN),
    expect: administrators(),
  },
  'Mutation.revokeApiCredential (another state)': {
    document: 'mutation ($id: ID!) { revokeApiCredential(id: $id) { id } }',
    variables: (fixtures) => fixtures.credential(OTHER),
    expect: administrators({ [Role.STATE_COORDINATOR]: 'NOT_FOUND' }),
  },
  'Mutation.revokeApiCredential (no such id)': {
    document: `mutation { revokeApiCredential(id: "${NO_SUCH_ID}") { id } }`,
    expect: administrators({
      [Role.SECRETARIAT_ADMIN]: 'NOT_FOUND',
      [Role.SECRETARIAT_OFFICER]: 'NOT_FOUND',
      [Role.STATE_COORDINATOR]: 'NOT_FOUND',
    }),
  },

  // Notifications: each account reads and marks only its own.
  'Query.notifications (never another account’s)': {
    document: '{ notifications(first: 100) { entries { id } } }',
    variables: async (fixtures) => ({ foreign: (await fixtures.othersNotification()).id }),
    expect: people('ok'),
    check: (data) => expect((data.notifications as { entries: unknown[] }).entries).toEqual([]),
  },
  'Query.unreadNotificationCount': {
    document: '{ unreadNotificationCount }',
    variables: async (fixtures) => {
      await fixtures.othersNotification();
      return {};
    },
    expect: people('ok'),
    check: (data) => expect(data.unreadNotificationCount).toBe(0),
  },
  'Mutation.markNotificationsRead (another account’s, by id)': {
    document: 'mutation ($id: ID!) { markNotificationsRead(ids: [$id]) }',
    variables: (fixtures) => fixtures.othersNotification(),
    expect: people('ok'),
    check: (data) => expect(data.markNotificationsRead).toBe(0),
  },
  'Mutation.markAllNotificationsRead': {
    document: 'mutation { markAllNotificationsRead }',
    variables: async (fixtures) => {
      await fixtures.othersNotification();
      return {};
    },
    expect: people('ok'),
    check: (data) => expect(data.markAllNotificationsRead).toBe(0),
  },
  'Subscription.notificationAdded': {
    // A ministry system has no account, and sockets are for accounts: its connection is refused.
    document: 'subscription { notificationAdded { id } }',
    transport: 'ws',
    expect: people('ok', { API_CREDENTIAL: 'UNAUTHENTICATED' }),
    check: (data) => expect(data.notificationAdded).toEqual({ id: expect.any(String) }),
  },
  'Subscription.notificationAdded (over HTTP)': {
    // Refused before any subscription starts, whoever asks: subscriptions live on the socket.
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

const ME = gql<{ me: { id: string } }>`
  {
    me {
      id
    }
  }
`;

describe('authorization table: every operation, every caller, own state and another', () => {
  let app: TestApp;
  const accounts = new Map<Role, TestAccount>();
  let credentialToken: string;
  let fixtures: Fixtures;

  beforeAll(async () => {
    app = await startTestApp({
      worker: false,
      env: { SIGNIN_FREE_ATTEMPTS_PER_ADDRESS: '10000', SIGNIN_FREE_ATTEMPTS_PER_ACCOUNT: '100' },
    });
    const states: Record<Role, string | null> = {
      [Role.SECRETARIAT_ADMIN]: null,
      [Role.SECRETARIAT_OFFICER]: null,
      [Role.STATE_COORDINATOR]: OWN,
      [Role.FOCAL_POINT]: OWN,
    };
    for (const [role, state] of Object.entries(states)) {
      accounts.set(
        role as Role,
        await createTestAccount(app, {
          email: `${role.toLowerCase()}@table.example`,
          role: role as Role,
          memberStateCode: state,
        }),
      );
    }

    const users = app.api.get(UsersService);
    const dataSource = app.api.get(DataSource);
    const admin = (await users.findByEmail(accounts.get(Role.SECRETARIAT_ADMIN)!.email))!;
    const asAdmin = { principal: { user: admin, sessionId: NO_SUCH_ID }, origin: {} };
    const credentials = app.api.get(ApiCredentialsService);
    let serial = 0;
    fixtures = {
      uniqueEmail: () => `person${++serial}@table.example`,
      async account(state, options = {}) {
        const email = options.email ?? fixtures.uniqueEmail();
        const user = await users.create(
          {
            email,
            displayName: 'Table fixture',
            role: options.role ?? Role.FOCAL_POINT,
            memberStateCode: state,
          },
          'quartz meadow lantern 1987',
        );
        if (options.suspended) {
          await dataSource.manager.update(
            UserEntity,
            { id: user.id },
            { status: UserStatus.SUSPENDED },
          );
        }
        return { id: user.id };
      },
      async credential(state) {
        const issued = await credentials.issue(asAdmin, {
          name: `Fixture ${++serial}`,
          memberStateCode: state,
          networkKeys: [],
          operations: [...API_OPERATIONS],
        });
        return { id: issued.credential.id };
      },
      async othersNotification() {
        const other = await fixtures.account(OWN);
        const { notificationId } = await dataSource.transaction((manager) =>
          app.api.get(NotificationsService).notify(manager, {
            userId: other.id,
            kind: NotificationKind.ACCOUNT_REACTIVATED,
            params: { displayName: 'Table fixture' },
          }),
        );
        return { id: notificationId! };
      },
    };
    // A ministry system of OWN holding every operation: what it may call is what allows one.
    const issued = await credentials.issue(asAdmin, {
      name: 'Table ministry system',
      memberStateCode: OWN,
      networkKeys: [],
      operations: [...API_OPERATIONS],
    });
    credentialToken = issued.token;
  });
  afterAll(() => app?.close());

  /** A fresh session per execution, so one row's logout cannot affect another. */
  async function tokenFor(caller: Caller): Promise<string | undefined> {
    if (caller === 'anonymous') return undefined;
    if (caller === 'API_CREDENTIAL') return credentialToken;
    return (await signInTestAccount(app, accounts.get(caller)!)).accessToken;
  }

  async function overHttp(row: Row, token: string | undefined, variables: object) {
    const response = await new GraphqlTestClient(`${app.url}/graphql`).asBearer(token).request(
      gql<Record<string, unknown>, object>`
        ${row.document}
      `,
      variables,
    );
    return response.errors?.length
      ? { outcome: String(response.errors[0].extensions?.code) }
      : { outcome: 'ok', data: response.data ?? {} };
  }

  /** Subscribes over graphql-ws; the caller's own channel then gets an event, which must arrive. */
  async function overWebSocket(row: Row, token: string | undefined) {
    const socket = new TestSubscriptionSocket(app.url, token);
    try {
      const refused = await Promise.race([
        socket.closed.then(({ code }) => code),
        socket.connected.then(() => undefined),
      ]);
      if (refused === 4403) return { outcome: 'UNAUTHENTICATED' };
      const stream = socket.subscribe(gql<Record<string, unknown>>`
        ${row.document}
      `);
      const me = await new GraphqlTestClient(`${app.url}/graphql`).asBearer(token).query(ME);
      // Give the subscription time to start, then push an event on the caller's channel.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await app.api.get(LiveEvents).publish(`notifications:${me.me.id}`, {
        id: NO_SUCH_ID,
        kind: NotificationKind.ACCOUNT_REACTIVATED,
        params: {},
        createdAt: app.clock.now().toISOString(),
      });
      const result = await stream.next().catch((errors: { extensions?: { code?: string } }[]) => ({
        errors,
        data: undefined,
      }));
      return result.errors?.length
        ? { outcome: String(result.errors[0].extensions?.code) }
        : { outcome: 'ok', data: (result.data ?? {}) as Record<string, unknown> };
    } finally {
      await socket.close();
    }
  }

  it('has a row for every operation in schema.graphql', () => {
    const covered = new Set(Object.keys(TABLE).map((key) => key.split(' ')[0]));
    expect([...covered].sort()).toEqual(schemaOperations().sort());
  });

  for (const [name, row] of Object.entries(TABLE)) {
    const summary = CALLERS.map((caller) => `${caller} → ${row.expect[caller]}`).join(', ');
    it(`${name}: ${summary}`, async () => {
      for (const caller of CALLERS) {
        const variables = (await row.variables?.(fixtures, caller)) ?? {};
        const token = await tokenFor(caller);
        const { outcome, data } =
          row.transport === 'ws'
            ? await overWebSocket(row, token)
            : await overHttp(row, token, variables);
        expect({ caller, outcome }).toEqual({ caller, outcome: row.expect[caller] });
        if (outcome === 'ok' && data && row.check) row.check(data, caller);
      }
    });
  }
});
