import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema } from 'graphql';
import { DataSource } from 'typeorm';
import {
  API_OPERATIONS,
  ApiCredentialsService,
  ApiOperation,
  Role,
  UserEntity,
  UserStatus,
  UsersService,
} from '@fpn/identity';
import { CommunicationChecks } from '@fpn/directory';
import { initCrypto } from '@fpn/crypto';
import { NotificationKind, NotificationsService } from '@fpn/notifications';
import { LiveEvents } from '@fpn/queue';
import { ActivitiesService, SilenceProcedures } from '@fpn/workflows';
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
import { directoryChangeFixtures } from '../directory/directory-change-fixtures';
import { keyDirectoryFixtures } from '../keys/key-directory-fixtures';
import { messagingTableFixtures } from '../messaging/messaging-table-fixtures';

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

/** Decisions and direct edits of the directory: the Secretariat's alone. */
const directorySecretariat = (overrides: Partial<Record<Caller, Outcome>> = {}) =>
  people('FORBIDDEN', {
    [Role.SECRETARIAT_ADMIN]: 'ok',
    [Role.SECRETARIAT_OFFICER]: 'ok',
    ...overrides,
  });

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
  /** The directory's paper trail: proposals (OWN's by the table's coordinator), entries, networks. */
  changes: ReturnType<typeof directoryChangeFixtures>;
  /**
   * An active directory entry of `state` (in `networkKey` if given), without an
   * account — or, with `linkedTo`, the one entry linked to that caller's account.
   */
  directoryEntry(
    state: string,
    options?: { networkKey?: string; linkedTo?: Caller },
  ): Promise<{ id: string }>;
  /** An open communication check of a fresh network, expecting entries of `states` (and `expecting`'s). */
  communicationCheck(states: string[], expecting?: Caller): Promise<{ id: string }>;
  /** A fresh network with one active entry of `state`. */
  networkWithEntry(state: string): Promise<{ key: string }>;
  /** A day after the app's clock, ISO 8601. */
  inADay(): string;
  /** An open silence procedure (libs/workflows), opened by the table's admin, due in a day. */
  silenceProcedure(): Promise<{ id: string }>;
  /** A planned activity (libs/workflows) by the table's admin, starting in a day; law-enforcement or a fresh network. */
  activity(options?: { freshNetwork?: boolean }): Promise<{ id: string }>;
  /** A fresh authority of `state` that no entry names (visible by state alone). */
  readingAuthority(state: string): Promise<{ id: string }>;
  /** The key directory (libs/keys): keys made here, private halves kept by the test. */
  keys: {
    publicKey(): string;
    /** A fresh device certificate for the caller (for anonymous and a credential: some account's). */
    certificate(caller: Caller): Promise<Record<string, unknown>>;
    /** An active device of the caller's (or, for anonymous and a credential, some account's). */
    ownDevice(caller: Caller): Promise<{ deviceId: string }>;
    /** A fresh account of `state` with an identity key and an active device. */
    keyedAccount(state: string): Promise<{ id: string; deviceId: string }>;
    /** A backup (certificate JSON `c`, sealed identity `s`) of the caller's (or some account's) identity key. */
    backup(caller: Caller): Promise<{ c: string; s: string }>;
    /** Publishes a backup for the caller (or some account), so entries may be appended. */
    publishedBackup(caller: Caller): Promise<void>;
    /** A fresh Secretariat account with an identity key and an active device. */
    keyedSecretariatAccount(): Promise<{ id: string; deviceId: string }>;
    /**
     * A credential of OWN the caller issued (the table's admin issues it for
     * those who cannot), and a device certificate of its issuer's.
     */
    credentialToBind(caller: Caller): Promise<{ id: string; c: Record<string, unknown> }>;
    /** A credential of OWN another coordinator issued, and a device certificate of the caller's. */
    othersCredentialToBind(caller: Caller): Promise<{ id: string; c: Record<string, unknown> }>;
  }; /** Messages (libs/messaging), sent with keys held here: the caller's, and others'. */
  messaging: ReturnType<typeof messagingTableFixtures>;
}

interface Row {
  document: string;
  variables?: (fixtures: Fixtures, caller: Caller) => Promise<Record<string, unknown>>;
  expect: Record<Caller, Outcome>;
  /** What a successful answer may contain for this caller (scope of lists and nested fields). */
  check?: (data: Record<string, unknown>, caller: Caller) => void;
  /** Subscriptions run over graphql-ws, as clients use them. */
  transport?: 'http' | 'ws';
  /** The event a subscription row expects on the caller's channel (default: a notification). */
  live?: (
    fixtures: Fixtures,
    userId: string,
    variables: Record<string, unknown>,
  ) => { channel: string; payload: object };
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

/** What the thread-list row made for the caller, for its check. */
const messagingLists: { ownThread?: string; othersThread?: string } = {};

/** A message as the worker publishes it (libs/messaging MessageEvent), for the subscription rows. */
const TABLE_MESSAGE_EVENT = {
  id: 'table-message',
  threadId: 'table-thread',
  senderUserId: NO_SUCH_ID,
  senderDeviceId: 'table-device',
  senderMemberStateCode: null,
  category: 'notice',
  priority: 'routine',
  handlingCode: 'h1',
  sourceReliability: null,
  informationAccuracy: null,
  dueDate: null,
  inReplyTo: null,
  sentAt: new Date(0).toISOString(),
  envelope: '{}',
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
    // `device` is a resolved field (libs/keys): it passes the PolicyGuard too.
    document: '{ apiCredentials { memberStateCode device { deviceId } } }',
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
    document: '{ currentApiCredential { memberStateCode device { deviceId } } }',
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
    // A ministry system has no account: its socket is accepted (for messageReceived), this is refused.
    document: 'subscription { notificationAdded { id } }',
    transport: 'ws',
    expect: people('ok'),
    check: (data) => expect(data.notificationAdded).toEqual({ id: expect.any(String) }),
  },
  // Freshness: each focal point confirms their own entry; the staleness report.
  'Query.myEntryFreshness': {
    document: '{ myEntryFreshness { state } }',
    expect: people('ok'),
  },
  'Mutation.confirmMyEntry (own entry; no entry is NOT_FOUND)': {
    document: 'mutation { confirmMyEntry { state } }',
    variables: async (fixtures, caller) => {
      if (caller === Role.FOCAL_POINT) await fixtures.directoryEntry(OWN, { linkedTo: caller });
      return {};
    },
    expect: people('NOT_FOUND', { [Role.FOCAL_POINT]: 'ok' }),
  },
  'Mutation.confirmDirectoryEntry (own state, a person without an account)': {
    document: 'mutation ($id: ID!) { confirmDirectoryEntry(focalPointId: $id) { state } }',
    variables: (fixtures) => fixtures.directoryEntry(OWN),
    expect: people('FORBIDDEN', { [Role.STATE_COORDINATOR]: 'ok' }),
  },
  'Mutation.confirmDirectoryEntry (another state)': {
    document: 'mutation ($id: ID!) { confirmDirectoryEntry(focalPointId: $id) { state } }',
    variables: (fixtures) => fixtures.directoryEntry(OTHER),
    expect: people('FORBIDDEN', { [Role.STATE_COORDINATOR]: 'NOT_FOUND' }),
  },
  'Query.stalenessReport (list: a coordinator sees their own state only)': {
    document: '{ stalenessReport { memberStateCode entries } }',
    variables: async (fixtures) => {
      await fixtures.directoryEntry(OWN);
      await fixtures.directoryEntry(OTHER);
      return {};
    },
    expect: administrators(),
    check: onlyOwnStateFor((data) => data.stalenessReport as { memberStateCode: string | null }[]),
  },

  // Communication checks: started by the Secretariat, acknowledged by the focal points asked.
  'Mutation.startCommunicationCheck': {
    document:
      'mutation ($key: String!, $deadline: DateTime!) { startCommunicationCheck(networkKey: $key, deadline: $deadline) { status } }',
    variables: async (fixtures) => ({
      ...(await fixtures.networkWithEntry(OWN)),
      deadline: fixtures.inADay(),
    }),
    expect: people('FORBIDDEN', {
      [Role.SECRETARIAT_ADMIN]: 'ok',
      [Role.SECRETARIAT_OFFICER]: 'ok',
    }),
  },
  'Mutation.acknowledgeCommunicationCheck (own entry expected)': {
    document: 'mutation ($id: ID!) { acknowledgeCommunicationCheck(checkId: $id) { late } }',
    variables: (fixtures, caller) => fixtures.communicationCheck([OWN], caller),
    expect: people('NOT_FOUND', { [Role.FOCAL_POINT]: 'ok' }),
  },
  'Mutation.acknowledgeCommunicationCheck (not expected: another state’s check)': {
    document: 'mutation ($id: ID!) { acknowledgeCommunicationCheck(checkId: $id) { late } }',
    variables: (fixtures) => fixtures.communicationCheck([OTHER]),
    expect: people('NOT_FOUND'),
  },
  'Query.communicationChecks (list: a coordinator sees their own state’s line, a focal point their own acknowledgement)':
    {
      document:
        '{ communicationChecks(first: 100) { checks { results { memberStateCode } myAcknowledgement { late } } } }',
      variables: async (fixtures, caller) => {
        await fixtures.communicationCheck([OWN, OTHER], caller);
        await fixtures.communicationCheck([OTHER]);
        return {};
      },
      expect: people('ok'),
      check: (data, caller) => {
        const checks = (
          data.communicationChecks as {
            checks: { results: { memberStateCode: string }[]; myAcknowledgement: unknown }[];
          }
        ).checks;
        const states = new Set(checks.flatMap((c) => c.results.map((r) => r.memberStateCode)));
        if (caller === Role.STATE_COORDINATOR) expect([...states]).toEqual([OWN]);
        else if (caller === Role.FOCAL_POINT) {
          expect(states.size).toBe(0);
          expect(checks.length).toBeGreaterThan(0);
          for (const c of checks) expect(c.myAcknowledgement).not.toBeNull();
        } else expect(states.has(OTHER)).toBe(true);
      },
    },
  'Query.communicationCheck (own state, by id)': {
    document:
      'query ($id: ID!) { communicationCheck(id: $id) { results { memberStateCode } myAcknowledgement { late } } }',
    variables: (fixtures, caller) => fixtures.communicationCheck([OWN, OTHER], caller),
    expect: people('ok'),
    check: (data, caller) => {
      const check = data.communicationCheck as {
        results: { memberStateCode: string }[];
        myAcknowledgement: unknown;
      };
      const states = check.results.map((r) => r.memberStateCode);
      if (caller === Role.STATE_COORDINATOR) expect(states).toEqual([OWN]);
      else if (caller === Role.FOCAL_POINT) {
        expect(states).toEqual([]);
        expect(check.myAcknowledgement).not.toBeNull();
      } else expect(states).toEqual([OWN, OTHER].sort());
    },
  },
  'Query.communicationCheck (another state, by id)': {
    document: 'query ($id: ID!) { communicationCheck(id: $id) { id } }',
    variables: (fixtures) => fixtures.communicationCheck([OTHER]),
    expect: people('NOT_FOUND', {
      [Role.SECRETARIAT_ADMIN]: 'ok',
      [Role.SECRETARIAT_OFFICER]: 'ok',
    }),
  },

  'Subscription.notificationAdded (over HTTP)': {
    // Refused before any subscription starts, whoever asks: subscriptions live on the socket.
    document: 'subscription { notificationAdded { id } }',
    expect: everyone('BAD_USER_INPUT'),
  },

  // The directory's paper trail. After the notification rows: every proposal notifies the
  // Secretariat's accounts, and those rows expect no notification of their own.
  'Query.directoryChanges (list: a coordinator sees their own state only)': {
    document: '{ directoryChanges(first: 100) { entries { memberStateCode } } }',
    variables: async (fixtures) => {
      await fixtures.changes.proposal(OWN);
      await fixtures.changes.proposal(OTHER);
      return {};
    },
    expect: administrators(),
    check: onlyOwnStateFor(
      (data) => (data.directoryChanges as { entries: { memberStateCode: string }[] }).entries,
    ),
  },
  'Query.directoryChanges (filtered to another state)': {
    document: `{ directoryChanges(filter: { memberStateCode: "${OTHER}" }) { entries { id } } }`,
    expect: administrators({ [Role.STATE_COORDINATOR]: 'FORBIDDEN' }),
  },
  'Query.directoryChange (own state, by id)': {
    document: 'query ($id: ID!) { directoryChange(id: $id) { id } }',
    variables: (fixtures) => fixtures.changes.proposal(OWN),
    expect: administrators(),
  },
  'Query.directoryChange (another state, by id)': {
    document: 'query ($id: ID!) { directoryChange(id: $id) { id } }',
    variables: (fixtures) => fixtures.changes.proposal(OTHER),
    expect: administrators({ [Role.STATE_COORDINATOR]: 'NOT_FOUND' }),
  },
  'Query.directoryHistory (an entry of own state, not the caller’s own)': {
    document: 'query ($id: ID!) { directoryHistory(entityId: $id) { entries { version } } }',
    variables: (fixtures) => fixtures.changes.focalPoint(OWN),
    expect: people('ok', { [Role.FOCAL_POINT]: 'NOT_FOUND' }),
  },
  'Query.directoryHistory (an entry of another state)': {
    document: 'query ($id: ID!) { directoryHistory(entityId: $id) { entries { version } } }',
    variables: (fixtures) => fixtures.changes.focalPoint(OTHER),
    expect: people('ok', {
      [Role.STATE_COORDINATOR]: 'NOT_FOUND',
      [Role.FOCAL_POINT]: 'NOT_FOUND',
    }),
  },
  'Mutation.proposeDirectoryChange (own state)': {
    document: `mutation ($name: String!) { proposeDirectoryChange(input: { memberStateCode: "${OWN}", reason: "Table row", addAuthority: { nameEn: $name, kind: POLICE } }) { id } }`,
    variables: async (fixtures) => ({ name: fixtures.changes.uniqueName() }),
    expect: people('FORBIDDEN', { [Role.STATE_COORDINATOR]: 'ok' }),
  },
  'Mutation.proposeDirectoryChange (another state)': {
    document: `mutation ($name: String!) { proposeDirectoryChange(input: { memberStateCode: "${OTHER}", reason: "Table row", addAuthority: { nameEn: $name, kind: POLICE } }) { id } }`,
    variables: async (fixtures) => ({ name: fixtures.changes.uniqueName() }),
    expect: people('FORBIDDEN'),
  },
  'Mutation.withdrawDirectoryChange (own proposal)': {
    document: 'mutation ($id: ID!) { withdrawDirectoryChange(id: $id) { status } }',
    variables: (fixtures) => fixtures.changes.proposal(OWN),
    expect: people('FORBIDDEN', { [Role.STATE_COORDINATOR]: 'ok' }),
  },
  'Mutation.withdrawDirectoryChange (another state)': {
    document: 'mutation ($id: ID!) { withdrawDirectoryChange(id: $id) { status } }',
    variables: (fixtures) => fixtures.changes.proposal(OTHER),
    expect: people('FORBIDDEN', { [Role.STATE_COORDINATOR]: 'NOT_FOUND' }),
  },
  'Mutation.approveDirectoryChange (own state)': {
    document: 'mutation ($id: ID!) { approveDirectoryChange(id: $id) { status } }',
    variables: (fixtures) => fixtures.changes.proposal(OWN),
    expect: directorySecretariat(),
  },
  'Mutation.approveDirectoryChange (another state)': {
    document: 'mutation ($id: ID!) { approveDirectoryChange(id: $id) { status } }',
    variables: (fixtures) => fixtures.changes.proposal(OTHER),
    expect: directorySecretariat(),
  },
  'Mutation.rejectDirectoryChange (own state)': {
    document:
      'mutation ($id: ID!) { rejectDirectoryChange(id: $id, reason: "Table row") { status } }',
    variables: (fixtures) => fixtures.changes.proposal(OWN),
    expect: directorySecretariat(),
  },
  'Mutation.rejectDirectoryChange (another state)': {
    document:
      'mutation ($id: ID!) { rejectDirectoryChange(id: $id, reason: "Table row") { status } }',
    variables: (fixtures) => fixtures.changes.proposal(OTHER),
    expect: directorySecretariat(),
  },
  'Mutation.correctFocalPoint': {
    document:
      'mutation ($id: ID!) { correctFocalPoint(id: $id, input: { title: "Corrected" }, reason: "Table row") { version } }',
    variables: (fixtures) => fixtures.changes.focalPoint(OWN),
    expect: directorySecretariat(),
  },
  'Mutation.correctFocalPoint (no such id)': {
    document: `mutation { correctFocalPoint(id: "${NO_SUCH_ID}", input: { title: "Corrected" }, reason: "Table row") { version } }`,
    expect: directorySecretariat({
      [Role.SECRETARIAT_ADMIN]: 'NOT_FOUND',
      [Role.SECRETARIAT_OFFICER]: 'NOT_FOUND',
    }),
  },
  'Mutation.suspendFocalPoint': {
    document: 'mutation ($id: ID!) { suspendFocalPoint(id: $id, reason: "Table row") { status } }',
    variables: (fixtures) => fixtures.changes.focalPoint(OTHER),
    expect: directorySecretariat(),
  },
  'Mutation.reactivateFocalPoint': {
    document:
      'mutation ($id: ID!) { reactivateFocalPoint(id: $id, reason: "Table row") { status } }',
    variables: (fixtures) => fixtures.changes.suspendedFocalPoint(OWN),
    expect: directorySecretariat(),
  },
  'Mutation.retireFocalPoint': {
    document: 'mutation ($id: ID!) { retireFocalPoint(id: $id, reason: "Table row") { status } }',
    variables: (fixtures) => fixtures.changes.focalPoint(OWN),
    expect: directorySecretariat(),
  },
  'Mutation.createNetwork': {
    document: `mutation ($key: String!) { createNetwork(input: { key: $key, nameEn: "Table", nameRu: "Таблица" }) { key } }`,
    variables: async (fixtures) => ({ key: fixtures.changes.uniqueName() }),
    expect: directorySecretariat({ [Role.SECRETARIAT_OFFICER]: 'FORBIDDEN' }),
  },
  'Mutation.updateNetwork': {
    document: `mutation ($key: String!) { updateNetwork(key: $key, input: { nameEn: "Renamed" }) { key } }`,
    variables: (fixtures) => fixtures.changes.network(),
    expect: directorySecretariat(),
  },
  'Mutation.setRequestLanguages (own state)': {
    document: `mutation { setRequestLanguages(memberStateCode: "${OWN}", languages: ["kk", "ru", "en"]) { code } }`,
    expect: administrators(),
  },
  'Mutation.setRequestLanguages (another state)': {
    document: `mutation { setRequestLanguages(memberStateCode: "${OTHER}", languages: ["tg", "ru"]) { code } }`,
    expect: administrators({ [Role.STATE_COORDINATOR]: 'FORBIDDEN' }),
  },
  'Mutation.setRequestNotes (own state)': {
    document: `mutation { setRequestNotes(memberStateCode: "${OWN}", networkKey: "law-enforcement", notesEn: "Through the MIA.", notesRu: "Через МВД.") { code } }`,
    expect: administrators(),
  },
  'Mutation.setRequestNotes (another state)': {
    document: `mutation { setRequestNotes(memberStateCode: "${OTHER}", networkKey: "law-enforcement", notesEn: "Through the MIA.", notesRu: "Через МВД.") { code } }`,
    expect: administrators({ [Role.STATE_COORDINATOR]: 'FORBIDDEN' }),
  },
  // Reading the directory (libs/directory/src/reading). Every reader signs in; a ministry
  // system needs DIRECTORY_READ and sees its state in its networks — the table's has none.
  // Entries made here are in no network of the table’s focal point: it may not see them.
  'Query.focalPoints (list: a coordinator sees their own state only; nested fields)': {
    document: `{ focalPoints(first: 20) { totalCount edges { node { memberStateCode memberState { code requestLanguages } authority { nameEn } memberships { role network { key confirmationIntervalDays } } contactChannels { value } } } } }`,
    variables: async (fixtures) => {
      await fixtures.directoryEntry(OWN, { networkKey: 'law-enforcement' });
      await fixtures.directoryEntry(OTHER, { networkKey: 'law-enforcement' });
      return {};
    },
    expect: people('ok', { API_CREDENTIAL: 'ok' }),
    check: (data, caller) => {
      const page = data.focalPoints as {
        totalCount: number;
        edges: { node: { memberStateCode: string } }[];
      };
      const states = new Set(page.edges.map((edge) => edge.node.memberStateCode));
      if (caller === Role.STATE_COORDINATOR) expect([...states]).toEqual([OWN]);
      else if (caller === 'API_CREDENTIAL') expect(page.totalCount).toBe(0);
      else if (caller !== Role.FOCAL_POINT) expect(states.size).toBeGreaterThan(1);
    },
  },
  'Query.focalPoints (filtered to another state)': {
    document: `{ focalPoints(filter: { memberStateCode: "${OTHER}" }) { edges { node { memberStateCode } } } }`,
    expect: people('ok', {
      [Role.STATE_COORDINATOR]: 'FORBIDDEN',
      API_CREDENTIAL: 'FORBIDDEN',
    }),
  },
  'Query.focalPoint (own state, by id)': {
    document: 'query ($id: ID!) { focalPoint(id: $id) { id contactChannels { value } } }',
    variables: (fixtures) => fixtures.directoryEntry(OWN),
    expect: people('ok', { [Role.FOCAL_POINT]: 'NOT_FOUND', API_CREDENTIAL: 'NOT_FOUND' }),
  },
  'Query.focalPoint (another state, by id)': {
    document: 'query ($id: ID!) { focalPoint(id: $id) { id } }',
    variables: (fixtures) => fixtures.directoryEntry(OTHER),
    expect: people('ok', {
      [Role.STATE_COORDINATOR]: 'NOT_FOUND',
      [Role.FOCAL_POINT]: 'NOT_FOUND',
      API_CREDENTIAL: 'NOT_FOUND',
    }),
  },
  'Query.focalPoint (a focal point’s own entry; hasLinkedAccount is for the Secretariat and coordinators)':
    {
      document: 'query ($id: ID!) { focalPoint(id: $id) { id hasLinkedAccount } }',
      variables: (fixtures, caller) =>
        caller === Role.FOCAL_POINT
          ? fixtures.directoryEntry(OWN, { linkedTo: caller })
          : fixtures.directoryEntry(OWN),
      expect: people('ok', { [Role.FOCAL_POINT]: 'FORBIDDEN', API_CREDENTIAL: 'NOT_FOUND' }),
    },
  'Query.focalPoint (no such id)': {
    document: `{ focalPoint(id: "${NO_SUCH_ID}") { id } }`,
    expect: people('NOT_FOUND', { API_CREDENTIAL: 'NOT_FOUND' }),
  },
  'Query.networks (nested rosters: only what each caller may see)': {
    document: '{ networks { key focalPoints(first: 5) { totalCount } } }',
    variables: async (fixtures) => {
      await fixtures.directoryEntry(OWN, { networkKey: 'border-control' });
      return {};
    },
    expect: people('ok', { API_CREDENTIAL: 'ok' }),
    check: (data, caller) => {
      const networks = data.networks as { key: string; focalPoints: { totalCount: number } }[];
      const border = networks.find((network) => network.key === 'border-control')!;
      if (caller === Role.FOCAL_POINT || caller === 'API_CREDENTIAL') {
        expect(border.focalPoints.totalCount).toBe(0);
      } else expect(border.focalPoints.totalCount).toBeGreaterThan(0);
    },
  },
  'Query.memberStates (nested rosters and request guidance)': {
    document:
      '{ memberStates { code requestLanguages requestNotes(networkKey: "law-enforcement") { en } focalPoints(first: 5) { totalCount } } }',
    variables: async (fixtures) => {
      await fixtures.directoryEntry(OWN);
      await fixtures.directoryEntry(OTHER);
      return {};
    },
    expect: people('ok', { API_CREDENTIAL: 'ok' }),
    check: (data, caller) => {
      const states = data.memberStates as { code: string; focalPoints: { totalCount: number } }[];
      const withEntries = states
        .filter((state) => state.focalPoints.totalCount > 0)
        .map((s) => s.code);
      if (caller === Role.STATE_COORDINATOR) expect(withEntries).toEqual([OWN]);
      else if (caller === 'API_CREDENTIAL') expect(withEntries).toEqual([]);
      else if (caller !== Role.FOCAL_POINT) expect(withEntries).toContain(OTHER);
    },
  },
  'Query.authorities (list: a coordinator and a ministry system see their own state only)': {
    document: '{ authorities { memberStateCode } }',
    variables: async (fixtures) => {
      await fixtures.readingAuthority(OWN);
      await fixtures.readingAuthority(OTHER);
      return {};
    },
    expect: people('ok', { API_CREDENTIAL: 'ok' }),
    check: (data, caller) => {
      const states = new Set(
        (data.authorities as { memberStateCode: string }[]).map((a) => a.memberStateCode),
      );
      if (caller === Role.STATE_COORDINATOR || caller === 'API_CREDENTIAL') {
        expect([...states]).toEqual([OWN]);
      } else if (caller !== Role.FOCAL_POINT) expect(states.size).toBeGreaterThan(1);
    },
  },
  'Query.authorities (filtered to another state)': {
    document: `{ authorities(memberStateCode: "${OTHER}") { id } }`,
    expect: people('ok', { [Role.STATE_COORDINATOR]: 'FORBIDDEN', API_CREDENTIAL: 'FORBIDDEN' }),
  },
  'Query.authority (own state, by id)': {
    document: 'query ($id: ID!) { authority(id: $id) { id } }',
    variables: (fixtures) => fixtures.readingAuthority(OWN),
    expect: people('ok', { [Role.FOCAL_POINT]: 'NOT_FOUND', API_CREDENTIAL: 'ok' }),
  },
  'Query.authority (another state, by id)': {
    document: 'query ($id: ID!) { authority(id: $id) { id } }',
    variables: (fixtures) => fixtures.readingAuthority(OTHER),
    expect: people('ok', {
      [Role.STATE_COORDINATOR]: 'NOT_FOUND',
      [Role.FOCAL_POINT]: 'NOT_FOUND',
      API_CREDENTIAL: 'NOT_FOUND',
    }),
  },
  // The key directory (libs/keys): every person who sends or receives registers keys; a
  // ministry system whose credential sends or reads messages reads them (its state's here).
  'Mutation.registerIdentityKey': {
    document: 'mutation ($k: String!) { registerIdentityKey(publicKey: $k) { userId } }',
    variables: async (fixtures) => ({ k: fixtures.keys.publicKey() }),
    expect: people('ok'),
  },
  'Mutation.changeIdentityKey': {
    document:
      'mutation ($k: String!) { changeIdentityKey(publicKey: $k, confirm: true) { userId } }',
    variables: async (fixtures) => ({ k: fixtures.keys.publicKey() }),
    expect: people('ok'),
  },
  'Mutation.registerDevice': {
    document:
      'mutation ($c: DeviceCertificateInput!) { registerDevice(certificate: $c) { deviceId } }',
    variables: async (fixtures, caller) => ({ c: await fixtures.keys.certificate(caller) }),
    expect: people('ok'),
  },
  'Mutation.revokeDevice (own device)': {
    document: 'mutation ($id: String!) { revokeDevice(deviceId: $id) { status } }',
    variables: async (fixtures, caller) => ({
      id: (await fixtures.keys.ownDevice(caller)).deviceId,
    }),
    expect: people('ok'),
  },
  'Mutation.revokeDevice (another account’s device)': {
    document: 'mutation ($id: String!) { revokeDevice(deviceId: $id) { status } }',
    variables: async (fixtures) => ({ id: (await fixtures.keys.keyedAccount(OWN)).deviceId }),
    expect: people('NOT_FOUND'),
  },
  'Query.myDevices': {
    document: '{ myDevices { deviceId status } }',
    expect: people('ok'),
  },
  'Query.myIdentityKey': {
    document: '{ myIdentityKey { publicKey } }',
    expect: people('ok'),
  },
  'Query.identityKeys (own state and another: another state is left out unless shared)': {
    // `fingerprint` is a resolved field: it passes the PolicyGuard too.
    document: 'query ($ids: [ID!]!) { identityKeys(userIds: $ids) { userId fingerprint } }',
    variables: async (fixtures) => ({
      ids: [
        (await fixtures.keys.keyedAccount(OWN)).id,
        (await fixtures.keys.keyedAccount(OTHER)).id,
      ],
    }),
    expect: people('ok', { API_CREDENTIAL: 'ok' }),
    check: (data, caller) => {
      const found = (data.identityKeys as unknown[]).length;
      expect(found).toBe(
        caller === Role.STATE_COORDINATOR ||
          caller === Role.FOCAL_POINT ||
          caller === 'API_CREDENTIAL'
          ? 1
          : 2,
      );
    },
  },
  'Query.identityKeys (a Secretariat account: anyone may address it)': {
    document: 'query ($ids: [ID!]!) { identityKeys(userIds: $ids) { userId } }',
    variables: async (fixtures) => ({
      ids: [(await fixtures.keys.keyedSecretariatAccount()).id],
    }),
    expect: people('ok', { API_CREDENTIAL: 'ok' }),
    check: (data) => expect(data.identityKeys as unknown[]).toHaveLength(1),
  },
  'Query.deviceKeys (own state and another: another state is left out unless shared)': {
    document:
      'query ($ids: [ID!]!) { deviceKeys(userIds: $ids) { userId certificate { signature } } }',
    variables: async (fixtures) => ({
      ids: [
        (await fixtures.keys.keyedAccount(OWN)).id,
        (await fixtures.keys.keyedAccount(OTHER)).id,
      ],
    }),
    expect: people('ok', { API_CREDENTIAL: 'ok' }),
    check: (data, caller) => {
      const found = (data.deviceKeys as unknown[]).length;
      expect(found).toBe(
        caller === Role.STATE_COORDINATOR ||
          caller === Role.FOCAL_POINT ||
          caller === 'API_CREDENTIAL'
          ? 1
          : 2,
      );
    },
  },
  // The table's credential is issued for no network: any network is outside it.
  'Query.networkDeviceKeys (a network the caller is not in)': {
    document: 'query ($key: String!) { networkDeviceKeys(networkKey: $key) { deviceId } }',
    variables: (fixtures) => fixtures.networkWithEntry(OTHER),
    expect: directorySecretariat(),
  },
  'Query.networkDeviceKeys (the focal point’s own network)': {
    document: 'query ($key: String!) { networkDeviceKeys(networkKey: $key) { deviceId } }',
    variables: async (fixtures) => {
      const network = await fixtures.networkWithEntry(OTHER);
      await fixtures.directoryEntry(OWN, { networkKey: network.key, linkedTo: Role.FOCAL_POINT });
      return network;
    },
    expect: directorySecretariat({ [Role.FOCAL_POINT]: 'ok' }),
  },
  'Query.networkDeviceKeys (no such network)': {
    document: '{ networkDeviceKeys(networkKey: "no-such-network") { deviceId } }',
    expect: people('NOT_FOUND', { API_CREDENTIAL: 'NOT_FOUND' }),
  },
  'Query.keyChanges': {
    document: '{ keyChanges { userId changedAt } }',
    expect: people('ok', { API_CREDENTIAL: 'ok' }),
  },
  'Subscription.identityKeyChanged': {
    // Over graphql-ws, for accounts: a ministry system's subscription is refused.
    document: 'subscription { identityKeyChanged { userId fingerprint previousFingerprint } }',
    transport: 'ws',
    live: (fixtures, userId) => ({
      channel: `identity-key-changes:${userId}`,
      payload: {
        userId: NO_SUCH_ID,
        previousPublicKey: fixtures.keys.publicKey(),
        publicKey: fixtures.keys.publicKey(),
        changedAt: new Date(0).toISOString(),
      },
    }),
    expect: people('ok'),
    check: (data) =>
      expect(data.identityKeyChanged).toEqual({
        userId: NO_SUCH_ID,
        fingerprint: expect.stringMatching(/^\d{5}( \d{5}){5}$/),
        previousFingerprint: expect.stringMatching(/^\d{5}( \d{5}){5}$/),
      }),
  },
  // A ministry system's device: bound by the account that issued its credential, nobody else.
  'Mutation.bindApiCredentialDevice (a credential the caller issued)': {
    document:
      'mutation ($id: ID!, $c: DeviceCertificateInput!) { bindApiCredentialDevice(apiCredentialId: $id, certificate: $c) { deviceId status } }',
    variables: (fixtures, caller) => fixtures.keys.credentialToBind(caller),
    expect: administrators(),
  },
  'Mutation.bindApiCredentialDevice (a credential another account issued)': {
    document:
      'mutation ($id: ID!, $c: DeviceCertificateInput!) { bindApiCredentialDevice(apiCredentialId: $id, certificate: $c) { deviceId status } }',
    variables: (fixtures, caller) => fixtures.keys.othersCredentialToBind(caller),
    expect: administrators({
      [Role.SECRETARIAT_ADMIN]: 'NOT_FOUND',
      [Role.SECRETARIAT_OFFICER]: 'NOT_FOUND',
      [Role.STATE_COORDINATOR]: 'NOT_FOUND',
    }),
  },
  // Key backups (libs/keys/src/backups): one's own only; no ministry system.
  'Mutation.publishKeyBackup (own identity key)': {
    document:
      'mutation ($c: String!, $s: String!) { publishKeyBackup(backupKeyCertificate: $c, sealedIdentityKey: $s) { publishedAt } }',
    variables: (fixtures, caller) => fixtures.keys.backup(caller),
    expect: people('ok'),
  },
  'Mutation.publishKeyBackup (another account’s certificate)': {
    document:
      'mutation ($c: String!, $s: String!) { publishKeyBackup(backupKeyCertificate: $c, sealedIdentityKey: $s) { publishedAt } }',
    variables: async (fixtures, caller) => {
      await fixtures.keys.backup(caller); // the caller has a current identity key
      return fixtures.keys.backup('anonymous');
    },
    expect: people('BAD_USER_INPUT'),
  },
  'Mutation.appendKeyBackupEntries (to one’s own backup)': {
    document: 'mutation ($e: [String!]!) { appendKeyBackupEntries(entries: $e) }',
    variables: async (fixtures, caller) => {
      await fixtures.keys.publishedBackup(caller);
      return { e: [Buffer.alloc(96, 7).toString('base64url')] };
    },
    expect: people('ok'),
  },
  'Query.myKeyBackup (one’s own only)': {
    document: '{ myKeyBackup(first: 10) { sealedIdentityKey totalCount } }',
    variables: async (fixtures) => {
      await fixtures.keys.publishedBackup('anonymous');
      return {};
    },
    expect: people('ok'),
  },

  // Messaging (libs/messaging): people, and ministry systems through their credential's bound
  // device, send and receive; each reads only what was sent to or by them; the Secretariat sees
  // how any message fares (counts), never its content; administrators run the delivery queue.
  'Query.messageAudience (a direct thread with a Secretariat account)': {
    document: 'query ($to: MessageAddressInput) { messageAudience(to: $to) }',
    variables: async (fixtures) => ({ to: await fixtures.messaging.secretariatPeer() }),
    expect: people('ok', { API_CREDENTIAL: 'ok' }),
    check: (data) => expect(data.messageAudience).toHaveLength(1),
  },
  // The table's credential is issued for no network.
  'Query.messageAudience (a network the caller is not in)': {
    document: 'query ($key: String!) { messageAudience(to: { networkKey: $key }) }',
    variables: (fixtures) => fixtures.networkWithEntry(OTHER),
    expect: directorySecretariat(),
  },
  'Mutation.sendMessage (a direct note to a Secretariat account)': {
    // `senderDevice` and `attachments` are resolved fields: they pass the PolicyGuard too.
    document:
      'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { duplicate recipientAccounts message { id senderDevice { deviceId } attachments { id size } } } }',
    variables: (fixtures, caller) => fixtures.messaging.noteFromCaller(caller),
    expect: people('ok', { API_CREDENTIAL: 'ok' }),
    check: (data) =>
      expect(data.sendMessage).toMatchObject({
        duplicate: false,
        recipientAccounts: 1,
        message: { attachments: [] },
      }),
  },
  'Mutation.sendMessage (into a thread of others)': {
    document: 'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { duplicate } }',
    variables: (fixtures, caller) => fixtures.messaging.noteIntoOthersThread(caller),
    expect: people('NOT_FOUND', { API_CREDENTIAL: 'NOT_FOUND' }),
  },
  'Query.inbox (one’s own device)': {
    document:
      'query ($deviceId: String!) { inbox(deviceId: $deviceId) { items { cursor message { id } } } }',
    variables: async (fixtures, caller) => ({
      deviceId: (await fixtures.messaging.sentToCaller(caller)).deviceId,
    }),
    expect: people('ok', { API_CREDENTIAL: 'ok' }),
    check: (data) => expect((data.inbox as { items: unknown[] }).items).toHaveLength(1),
  },
  'Query.inbox (another account’s device)': {
    document: 'query ($deviceId: String!) { inbox(deviceId: $deviceId) { endCursor } }',
    variables: async (fixtures) => ({
      deviceId: (await fixtures.messaging.othersMessage()).deviceId,
    }),
    expect: people('NOT_FOUND', { API_CREDENTIAL: 'NOT_FOUND' }),
  },
  'Mutation.confirmDelivery (one’s own device)': {
    document:
      'mutation ($deviceId: String!, $upTo: String!) { confirmDelivery(deviceId: $deviceId, upTo: $upTo) }',
    variables: async (fixtures, caller) => {
      const { deviceId, cursor } = await fixtures.messaging.sentToCaller(caller);
      return { deviceId, upTo: cursor };
    },
    expect: people('ok', { API_CREDENTIAL: 'ok' }),
    check: (data) => expect(data.confirmDelivery).toBe(1),
  },
  'Mutation.confirmDelivery (another account’s device)': {
    document:
      'mutation ($deviceId: String!, $upTo: String!) { confirmDelivery(deviceId: $deviceId, upTo: $upTo) }',
    variables: async (fixtures) => {
      const { deviceId, cursor } = await fixtures.messaging.othersMessage();
      return { deviceId, upTo: cursor };
    },
    expect: people('NOT_FOUND', { API_CREDENTIAL: 'NOT_FOUND' }),
  },
  'Mutation.acknowledgeMessage (a message sent to the caller)': {
    document: 'mutation ($id: String!) { acknowledgeMessage(messageId: $id) }',
    variables: async (fixtures, caller) => ({
      id: (await fixtures.messaging.sentToCaller(caller)).messageId,
    }),
    expect: people('ok', { API_CREDENTIAL: 'ok' }),
  },
  'Mutation.acknowledgeMessage (a message of others)': {
    document: 'mutation ($id: String!) { acknowledgeMessage(messageId: $id) }',
    variables: async (fixtures) => ({ id: (await fixtures.messaging.othersMessage()).messageId }),
    expect: people('NOT_FOUND', { API_CREDENTIAL: 'NOT_FOUND' }),
  },
  'Mutation.markMessagesRead (the caller’s and others’, by id)': {
    document: 'mutation ($ids: [String!]!) { markMessagesRead(messageIds: $ids) }',
    variables: async (fixtures, caller) => ({
      ids: [
        (await fixtures.messaging.sentToCaller(caller)).messageId,
        (await fixtures.messaging.othersMessage()).messageId,
      ],
    }),
    expect: people('ok', { API_CREDENTIAL: 'ok' }),
    check: (data) => expect(data.markMessagesRead).toBe(1),
  },
  'Query.messageStatus (a message the caller sent)': {
    document:
      'query ($id: String!) { messageStatus(messageId: $id) { states { memberStateCode recipients } } }',
    variables: async (fixtures, caller) => ({
      id: (await fixtures.messaging.sentByCaller(caller)).messageId,
    }),
    expect: people('ok', { API_CREDENTIAL: 'ok' }),
    check: (data) =>
      expect((data.messageStatus as { states: unknown[] }).states).toEqual([
        { memberStateCode: 'SECRETARIAT', recipients: 1 },
      ]),
  },
  'Query.messageStatus (a message sent to the caller)': {
    document: 'query ($id: String!) { messageStatus(messageId: $id) { messageId } }',
    variables: async (fixtures, caller) => ({
      id: (await fixtures.messaging.sentToCaller(caller)).messageId,
    }),
    expect: directorySecretariat(),
  },
  'Query.messageStatus (a message of others)': {
    document: 'query ($id: String!) { messageStatus(messageId: $id) { messageId } }',
    variables: async (fixtures) => ({ id: (await fixtures.messaging.othersMessage()).messageId }),
    expect: people('NOT_FOUND', {
      [Role.SECRETARIAT_ADMIN]: 'ok',
      [Role.SECRETARIAT_OFFICER]: 'ok',
      API_CREDENTIAL: 'NOT_FOUND',
    }),
  },
  'Query.threads (list: never a thread of others)': {
    document: '{ threads(first: 100) { items { id } } }',
    variables: async (fixtures, caller) => {
      messagingLists.othersThread = (await fixtures.messaging.othersMessage()).threadId;
      messagingLists.ownThread = (await fixtures.messaging.sentToCaller(caller)).threadId;
      return {};
    },
    expect: people('ok', { API_CREDENTIAL: 'ok' }),
    check: (data) => {
      const ids = (data.threads as { items: { id: string }[] }).items.map((thread) => thread.id);
      expect(ids).toContain(messagingLists.ownThread);
      expect(ids).not.toContain(messagingLists.othersThread);
    },
  },
  'Query.thread (one the caller takes part in, with its messages)': {
    // `messages` and `senderDevice` are resolved fields: they pass the PolicyGuard too.
    document:
      'query ($id: String!) { thread(id: $id) { id messages { items { id senderDevice { deviceId } } } } }',
    variables: async (fixtures, caller) => ({
      id: (await fixtures.messaging.sentToCaller(caller)).threadId,
    }),
    expect: people('ok', { API_CREDENTIAL: 'ok' }),
    check: (data) =>
      expect((data.thread as { messages: { items: unknown[] } }).messages.items).toHaveLength(1),
  },
  'Query.thread (a thread of others)': {
    document: 'query ($id: String!) { thread(id: $id) { id } }',
    variables: async (fixtures) => ({ id: (await fixtures.messaging.othersMessage()).threadId }),
    expect: people('NOT_FOUND', { API_CREDENTIAL: 'NOT_FOUND' }),
  },
  'Query.message (one sent to the caller)': {
    document: 'query ($id: String!) { message(id: $id) { id envelope } }',
    variables: async (fixtures, caller) => ({
      id: (await fixtures.messaging.sentToCaller(caller)).messageId,
    }),
    expect: people('ok', { API_CREDENTIAL: 'ok' }),
  },
  'Query.message (one of others)': {
    document: 'query ($id: String!) { message(id: $id) { id } }',
    variables: async (fixtures) => ({ id: (await fixtures.messaging.othersMessage()).messageId }),
    expect: people('NOT_FOUND', { API_CREDENTIAL: 'NOT_FOUND' }),
  },
  'Query.deliveryQueueStatus': {
    document: '{ deliveryQueueStatus { waiting failed oldestWaitingSince } }',
    expect: people('FORBIDDEN', { [Role.SECRETARIAT_ADMIN]: 'ok' }),
  },
  'Mutation.retryFailedDeliveries': {
    document: 'mutation { retryFailedDeliveries }',
    expect: people('FORBIDDEN', { [Role.SECRETARIAT_ADMIN]: 'ok' }),
  },
  // Requests for assistance (libs/messaging/src/requests): status and closing are scoped in the
  // service (the request e2e tests show the sender, the states and the Secretariat); here, the policy.
  'Query.requestStatus (no such request)': {
    document: `query ($id: String!) { requestStatus(messageId: $id) { messageId } }`,
    variables: async () => ({ id: NO_SUCH_ID }),
    expect: people('NOT_FOUND', { API_CREDENTIAL: 'NOT_FOUND' }),
  },
  'Mutation.closeRequest (no such request)': {
    document: `mutation ($id: String!) { closeRequest(messageId: $id) { messageId } }`,
    variables: async () => ({ id: NO_SUCH_ID }),
    expect: people('NOT_FOUND', { API_CREDENTIAL: 'NOT_FOUND' }),
  },
  'Query.networkRequestPolicy': {
    document:
      '{ networkRequestPolicy(networkKey: "law-enforcement") { networkKey urgentDirectMinutes } }',
    expect: people('ok', { API_CREDENTIAL: 'ok' }),
    check: (data) =>
      expect(data.networkRequestPolicy).toMatchObject({ networkKey: 'law-enforcement' }),
  },
  'Mutation.setNetworkRequestPolicy': {
    document: `mutation {
      setNetworkRequestPolicy(networkKey: "law-enforcement", policy: {
        urgentDirectMinutes: 480, urgentIndirectMinutes: 4320, routineMinutes: 10080,
        flashEscalationMinutes: 30, urgentEscalationMinutes: 120, requestEscalationMinutes: 1440
      }) { custom }
    }`,
    expect: people('FORBIDDEN', { [Role.SECRETARIAT_ADMIN]: 'ok' }),
  },
  'Query.responseStatistics': {
    document:
      '{ responseStatistics(from: "2026-01-01T00:00:00Z", to: "2026-12-31T00:00:00Z") { networkKey memberStateCode requestsReceived } }',
    expect: people('FORBIDDEN', {
      [Role.SECRETARIAT_ADMIN]: 'ok',
      [Role.SECRETARIAT_OFFICER]: 'ok',
    }),
  },
  // Silence procedures (libs/workflows/src/procedures): run by the Secretariat, answered by a
  // coordinator for their own state only, read by both; focal points and ministry systems never.
  'Mutation.openSilenceProcedure': {
    document: `mutation ($deadline: DateTime!) {
      openSilenceProcedure(input: {
        titleEn: "Table draft", titleRu: "Проект", deadline: $deadline, deadlineTimeZone: "Asia/Almaty"
      }) { status }
    }`,
    variables: async (fixtures) => ({ deadline: fixtures.inADay() }),
    expect: people('FORBIDDEN', {
      [Role.SECRETARIAT_ADMIN]: 'ok',
      [Role.SECRETARIAT_OFFICER]: 'ok',
    }),
  },
  'Mutation.recordSilenceStatement (own state)': {
    document:
      'mutation ($id: ID!) { recordSilenceStatement(procedureId: $id, kind: CONCURRENCE) { status } }',
    variables: (fixtures) => fixtures.silenceProcedure(),
    expect: people('FORBIDDEN', { [Role.STATE_COORDINATOR]: 'ok' }),
  },
  'Mutation.recordSilenceStatement (another state)': {
    document: `mutation ($id: ID!, $state: String!) {
      recordSilenceStatement(procedureId: $id, kind: CONCURRENCE, memberStateCode: $state) { status }
    }`,
    variables: async (fixtures) => ({ ...(await fixtures.silenceProcedure()), state: OTHER }),
    expect: people('FORBIDDEN'),
  },
  'Mutation.recordSilenceStatement (no such procedure)': {
    document: `mutation { recordSilenceStatement(procedureId: "${NO_SUCH_ID}", kind: CONCURRENCE) { status } }`,
    expect: people('FORBIDDEN', { [Role.STATE_COORDINATOR]: 'NOT_FOUND' }),
  },
  'Mutation.extendSilenceProcedure': {
    document:
      'mutation ($id: ID!, $deadline: DateTime!) { extendSilenceProcedure(id: $id, deadline: $deadline) { version } }',
    variables: async (fixtures) => ({
      ...(await fixtures.silenceProcedure()),
      deadline: new Date(Date.parse(fixtures.inADay()) + 86_400_000).toISOString(),
    }),
    expect: people('FORBIDDEN', {
      [Role.SECRETARIAT_ADMIN]: 'ok',
      [Role.SECRETARIAT_OFFICER]: 'ok',
    }),
  },
  'Mutation.withdrawSilenceProcedure': {
    document:
      'mutation ($id: ID!) { withdrawSilenceProcedure(id: $id, reason: "Superseded") { status } }',
    variables: (fixtures) => fixtures.silenceProcedure(),
    expect: people('FORBIDDEN', {
      [Role.SECRETARIAT_ADMIN]: 'ok',
      [Role.SECRETARIAT_OFFICER]: 'ok',
    }),
  },
  'Query.silenceProcedures': {
    document: '{ silenceProcedures(first: 5) { id status states { memberStateCode standing } } }',
    variables: async (fixtures) => {
      await fixtures.silenceProcedure();
      return {};
    },
    expect: administrators(),
    check: (data) => expect((data.silenceProcedures as unknown[]).length).toBeGreaterThan(0),
  },
  'Query.silenceProcedure': {
    document:
      'query ($id: ID!) { silenceProcedure(id: $id) { status brokenBy notes { reference } } }',
    variables: (fixtures) => fixtures.silenceProcedure(),
    expect: administrators(),
  },
  'Query.silenceProcedure (no such procedure)': {
    document: `{ silenceProcedure(id: "${NO_SUCH_ID}") { status } }`,
    expect: people('NOT_FOUND', { [Role.FOCAL_POINT]: 'FORBIDDEN' }),
  },
  // The yearly review (libs/workflows/src/review): the Secretariat and every state's
  // coordinator read the whole review (counts only); focal points and ministry systems do not.
  'Query.yearlyReview (last year, every network)': {
    document:
      'query ($year: Int!) { yearlyReview(year: $year) { year networks { networkKey roster { states { memberStateCode } } } } }',
    variables: async (fixtures) => ({ year: Number(fixtures.inADay().slice(0, 4)) - 1 }),
    expect: administrators(),
    check: (data) => {
      const review = data.yearlyReview as { networks: { roster: { states: unknown[] } }[] };
      expect(review.networks.length).toBeGreaterThan(1);
      expect(review.networks[0].roster.states.length).toBeGreaterThan(1);
    },
  },
  'Query.yearlyReview (a year not yet begun)': {
    document: 'query ($year: Int!) { yearlyReview(year: $year) { year } }',
    variables: async (fixtures) => ({ year: Number(fixtures.inADay().slice(0, 4)) + 2 }),
    expect: administrators({
      [Role.SECRETARIAT_ADMIN]: 'BAD_USER_INPUT',
      [Role.SECRETARIAT_OFFICER]: 'BAD_USER_INPUT',
      [Role.STATE_COORDINATOR]: 'BAD_USER_INPUT',
    }),
  },
  // Numbered notes (libs/workflows/src/notes): read by the Secretariat and every coordinator,
  // issued by the Secretariat; focal points and ministry systems are refused whatever the id.
  'Query.notes': {
    document: '{ notes(first: 5) { entries { reference titleRu } nextCursor } }',
    expect: people('ok', { [Role.FOCAL_POINT]: 'FORBIDDEN' }),
  },
  'Query.note (no such note)': {
    document: `{ note(id: "${NO_SUCH_ID}") { reference } }`,
    expect: people('NOT_FOUND', { [Role.FOCAL_POINT]: 'FORBIDDEN' }),
  },
  'Query.noteSeries': {
    document: '{ noteSeries { key referenceFormat isDefault } }',
    expect: people('ok', { [Role.FOCAL_POINT]: 'FORBIDDEN' }),
  },
  'Mutation.createNoteSeries': {
    document: `mutation ($key: String!) {
      createNoteSeries(input: { key: $key, nameEn: "Table series", nameRu: "Серия" }) { key }
    }`,
    variables: async (fixtures) => ({
      key: `TABLE-${fixtures.uniqueEmail().replace(/\D/g, '')}`,
    }),
    expect: people('FORBIDDEN', { [Role.SECRETARIAT_ADMIN]: 'ok' }),
  },
  'Mutation.createNoteSeries (a bad key)': {
    document:
      'mutation { createNoteSeries(input: { key: "nct/g", nameEn: "Bad", nameRu: "Плохо" }) { key } }',
    expect: people('FORBIDDEN', { [Role.SECRETARIAT_ADMIN]: 'BAD_USER_INPUT' }),
  },
  'Mutation.issueNote': {
    document: `mutation {
      issueNote(input: { titleEn: "Table note", titleRu: "Нота", textEn: "Text", textRu: "Текст" }) {
        reference
      }
    }`,
    expect: people('FORBIDDEN', {
      [Role.SECRETARIAT_ADMIN]: 'ok',
      [Role.SECRETARIAT_OFFICER]: 'ok',
    }),
  },
  // Ministry webhooks (libs/messaging/src/webhooks): a credential with WEBHOOKS_MANAGE manages
  // its own; no account may. A private address is refused before anything else is looked at.
  'Query.webhooks': {
    document: '{ webhooks { id url pendingDeliveries failedDeliveries lastError } }',
    expect: people('FORBIDDEN', { API_CREDENTIAL: 'ok' }),
  },
  'Mutation.registerWebhook (a private address)': {
    document: 'mutation { registerWebhook(url: "https://10.0.0.1/x") { secret } }',
    expect: people('FORBIDDEN', { API_CREDENTIAL: 'BAD_USER_INPUT' }),
  },
  'Mutation.deleteWebhook (not its own)': {
    document: 'mutation { deleteWebhook(id: "00000000-0000-4000-8000-000000000000") }',
    expect: people('FORBIDDEN', { API_CREDENTIAL: 'NOT_FOUND' }),
  },
  'Query.webhookDeliveryStatus': {
    document:
      '{ webhookDeliveryStatus { pending failed delivered failedByError { error count } } }',
    expect: people('FORBIDDEN', { [Role.SECRETARIAT_ADMIN]: 'ok' }),
  },
  'Mutation.retryFailedWebhookDeliveries': {
    document: 'mutation { retryFailedWebhookDeliveries }',
    expect: people('FORBIDDEN', { [Role.SECRETARIAT_ADMIN]: 'ok' }),
  },
  // Action Plan activities (libs/workflows/src/activities): entered by the Secretariat, joined
  // by a coordinator for their own state (or the Secretariat for any), read by every person in
  // scope — a focal point only in their networks; calendar feeds are each person's own.
  'Query.activities': {
    document:
      '{ activities(from: "2026-01-01T00:00:00Z", to: "2027-06-01T00:00:00Z") { id network { key } } }',
    expect: people('ok'),
  },
  'Query.activity (in a network the focal point is not in)': {
    document: 'query ($id: ID!) { activity(id: $id) { id participants { memberStateCode } } }',
    variables: (fixtures) => fixtures.activity({ freshNetwork: true }),
    expect: people('ok', { [Role.FOCAL_POINT]: 'NOT_FOUND' }),
  },
  'Query.activity (no such activity)': {
    document: `{ activity(id: "${NO_SUCH_ID}") { id } }`,
    expect: people('NOT_FOUND'),
  },
  'Mutation.createActivity': {
    document: `mutation ($startsAt: DateTime!, $endsAt: DateTime!) {
      createActivity(input: { networkKey: "law-enforcement", kind: MEETING, titleEn: "Table meeting",
        titleRu: "Совещание", startsAt: $startsAt, endsAt: $endsAt, timeZone: "Asia/Almaty",
        venue: "Astana", hostStateCode: "${OWN}" }) { id status }
    }`,
    variables: async (fixtures) => ({
      startsAt: fixtures.inADay(),
      endsAt: new Date(Date.parse(fixtures.inADay()) + 3_600_000).toISOString(),
    }),
    expect: directorySecretariat(),
  },
  'Mutation.createActivity (an end before its start)': {
    document: `mutation ($startsAt: DateTime!) {
      createActivity(input: { networkKey: "law-enforcement", kind: MEETING, titleEn: "Table meeting",
        titleRu: "Совещание", startsAt: $startsAt, endsAt: $startsAt, timeZone: "Asia/Almaty",
        online: true }) { id }
    }`,
    variables: async (fixtures) => ({ startsAt: fixtures.inADay() }),
    expect: directorySecretariat({
      [Role.SECRETARIAT_ADMIN]: 'BAD_USER_INPUT',
      [Role.SECRETARIAT_OFFICER]: 'BAD_USER_INPUT',
    }),
  },
  'Mutation.updateActivity': {
    document: `mutation ($id: ID!, $startsAt: DateTime!, $endsAt: DateTime!) {
      updateActivity(id: $id, version: 1, input: { networkKey: "law-enforcement", kind: TRAINING,
        titleEn: "Table training", titleRu: "Тренинг", startsAt: $startsAt, endsAt: $endsAt,
        timeZone: "Asia/Tashkent", online: true }) { version }
    }`,
    variables: async (fixtures) => ({
      ...(await fixtures.activity()),
      startsAt: fixtures.inADay(),
      endsAt: new Date(Date.parse(fixtures.inADay()) + 3_600_000).toISOString(),
    }),
    expect: directorySecretariat(),
  },
  'Mutation.setActivityStatus': {
    document: 'mutation ($id: ID!) { setActivityStatus(id: $id, status: CANCELLED) { status } }',
    variables: (fixtures) => fixtures.activity(),
    expect: directorySecretariat(),
  },
  'Mutation.addActivityDocument': {
    document:
      'mutation ($id: ID!) { addActivityDocument(activityId: $id, title: "Agenda", url: "https://cica.example/a.pdf") { documents { id } } }',
    variables: (fixtures) => fixtures.activity(),
    expect: directorySecretariat(),
  },
  'Mutation.removeActivityDocument (no such document)': {
    document: `mutation { removeActivityDocument(documentId: "${NO_SUCH_ID}") { id } }`,
    expect: directorySecretariat({
      [Role.SECRETARIAT_ADMIN]: 'NOT_FOUND',
      [Role.SECRETARIAT_OFFICER]: 'NOT_FOUND',
    }),
  },
  'Mutation.joinActivity (own state)': {
    document: `mutation ($id: ID!) { joinActivity(activityId: $id, memberStateCode: "${OWN}") { participants { memberStateCode } } }`,
    variables: (fixtures) => fixtures.activity(),
    expect: directorySecretariat({ [Role.STATE_COORDINATOR]: 'ok' }),
  },
  'Mutation.joinActivity (another state)': {
    document: `mutation ($id: ID!) { joinActivity(activityId: $id, memberStateCode: "${OTHER}") { id } }`,
    variables: (fixtures) => fixtures.activity(),
    expect: directorySecretariat(),
  },
  'Mutation.leaveActivity (own state)': {
    document: `mutation ($id: ID!) { leaveActivity(activityId: $id, memberStateCode: "${OWN}") { id } }`,
    variables: (fixtures) => fixtures.activity(),
    expect: directorySecretariat({ [Role.STATE_COORDINATOR]: 'ok' }),
  },
  'Mutation.leaveActivity (another state)': {
    document: `mutation ($id: ID!) { leaveActivity(activityId: $id, memberStateCode: "${OTHER}") { id } }`,
    variables: (fixtures) => fixtures.activity(),
    expect: directorySecretariat(),
  },
  'Query.calendarFeeds': {
    document: '{ calendarFeeds { id network { key } revokedAt } }',
    expect: people('ok'),
  },
  'Mutation.createCalendarFeed (every network one sees)': {
    document: 'mutation { createCalendarFeed { url feed { id } } }',
    expect: people('ok'),
    check: (data) =>
      expect((data.createCalendarFeed as { url: string }).url).toMatch(
        /\/calendar\/[\w-]{43}\.ics$/,
      ),
  },
  'Mutation.createCalendarFeed (a network the focal point is not in)': {
    document: 'mutation ($key: String!) { createCalendarFeed(networkKey: $key) { url } }',
    variables: (fixtures) => fixtures.networkWithEntry(OTHER),
    expect: people('ok', { [Role.FOCAL_POINT]: 'FORBIDDEN' }),
  },
  'Mutation.revokeCalendarFeed (not one’s own)': {
    document: `mutation { revokeCalendarFeed(id: "${NO_SUCH_ID}") { id } }`,
    expect: people('NOT_FOUND'),
  },
  'Subscription.messageReceived (one’s own device)': {
    // Over graphql-ws; a ministry system listens to its credential's bound device.
    document:
      'subscription ($deviceId: String!) { messageReceived(deviceId: $deviceId) { cursor message { id category senderDevice { deviceId } } } }',
    transport: 'ws',
    variables: (fixtures, caller) => fixtures.messaging.receivingDevice(caller),
    live: (_fixtures, _userId, variables) => ({
      channel: 'message-deliveries',
      payload: {
        message: { ...TABLE_MESSAGE_EVENT, senderDeviceId: variables.deviceId },
        deliveries: [[variables.deviceId, 'table-cursor']],
      },
    }),
    expect: people('ok', { API_CREDENTIAL: 'ok' }),
    check: (data) =>
      expect(data.messageReceived).toMatchObject({
        cursor: 'table-cursor',
        message: { id: TABLE_MESSAGE_EVENT.id, category: 'NOTICE' },
      }),
  },
  'Subscription.messageReceived (another account’s device)': {
    document:
      'subscription ($deviceId: String!) { messageReceived(deviceId: $deviceId) { cursor } }',
    transport: 'ws',
    variables: async (fixtures) => ({
      deviceId: (await fixtures.messaging.othersMessage()).deviceId,
    }),
    expect: people('NOT_FOUND', { API_CREDENTIAL: 'NOT_FOUND' }),
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
  let tableCredentialId: string;
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
    await initCrypto();
    const keys = keyDirectoryFixtures(app);
    /** A credential of OWN issued by the account `issuerId`, for a ministry system's device. */
    const issueAs = async (issuerId: string) => {
      const user = await dataSource.manager.findOneByOrFail(UserEntity, { id: issuerId });
      const issued = await credentials.issue(
        { principal: { user, sessionId: NO_SUCH_ID }, origin: {} },
        {
          name: `Bound fixture ${++serial}`,
          memberStateCode: OWN,
          networkKeys: [],
          operations: [ApiOperation.MESSAGES_READ],
        },
      );
      return issued.credential.id;
    };
    /** The caller's own account; anonymous and a credential get some account of OWN. */
    const accountOf = async (caller: Caller) =>
      caller === 'anonymous' || caller === 'API_CREDENTIAL'
        ? (await fixtures.account(OWN)).id
        : accounts.get(caller as Role)!.id;
    fixtures = {
      messaging: messagingTableFixtures(app, {
        accountOf: (caller) => accountOf(caller as Caller),
        credential: () => ({ id: tableCredentialId, issuerId: admin.id, memberStateCode: OWN }),
        otherState: OTHER,
      }),
      keys: {
        publicKey: keys.publicKey,
        certificate: async (caller) => ({ ...(await keys.certificate(await accountOf(caller))) }),
        ownDevice: async (caller) => keys.keyed(await accountOf(caller)),
        backup: async (caller) => keys.backup(await accountOf(caller)),
        publishedBackup: async (caller) => keys.publishedBackup(await accountOf(caller)),
        async keyedAccount(state) {
          const { id } = await fixtures.account(state);
          return { id, ...(await keys.keyed(id)) };
        },
        async keyedSecretariatAccount() {
          const { id } = await users.create(
            {
              email: fixtures.uniqueEmail(),
              displayName: 'Table fixture',
              role: Role.SECRETARIAT_OFFICER,
              memberStateCode: null,
            },
            'quartz meadow lantern 1987',
          );
          return { id, ...(await keys.keyed(id)) };
        },
        async credentialToBind(caller) {
          const issuer = [
            Role.SECRETARIAT_ADMIN,
            Role.SECRETARIAT_OFFICER,
            Role.STATE_COORDINATOR,
          ].includes(caller as Role)
            ? accounts.get(caller as Role)!.id
            : admin.id;
          return {
            id: await issueAs(issuer),
            c: { ...(await keys.certificate(issuer)) },
          };
        },
        async othersCredentialToBind(caller) {
          const other = await fixtures.account(OWN, { role: Role.STATE_COORDINATOR });
          return {
            id: await issueAs(other.id),
            c: { ...(await keys.certificate(await accountOf(caller))) },
          };
        },
      },
      uniqueEmail: () => `person${++serial}@table.example`,
      changes: directoryChangeFixtures(app, { [OWN]: accounts.get(Role.STATE_COORDINATOR)! }),
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
      async directoryEntry(state, options = {}) {
        const userId = options.linkedTo ? accounts.get(options.linkedTo as Role)!.id : null;
        const [linked] = userId
          ? await dataSource.query<{ id: string }[]>(
              'SELECT id FROM focal_point WHERE user_id = $1',
              [userId],
            )
          : [];
        const [{ id }] = linked
          ? [linked]
          : await dataSource.query<{ id: string }[]>(
              `WITH authority AS (
                 INSERT INTO authority (member_state_code, name_en, kind)
                 VALUES ($1, 'Freshness table authority', 'police')
                 ON CONFLICT (member_state_code, name_en) DO UPDATE SET kind = EXCLUDED.kind
                 RETURNING id)
               INSERT INTO focal_point (member_state_code, authority_id, full_name, title, time_zone,
                                        availability, last_confirmed_at, user_id)
               SELECT $1, authority.id, 'Table entry', 'Officer', 'Asia/Almaty', 'office_hours',
                      now(), $2
                 FROM authority
               RETURNING id`,
              [state, userId],
            );
        if (options.networkKey) {
          await dataSource.query(
            `INSERT INTO network_membership (focal_point_id, network_id, role)
             SELECT $1, id, 'alternate' FROM network WHERE key = $2
             ON CONFLICT (focal_point_id, network_id) DO NOTHING`,
            [id, options.networkKey],
          );
        }
        return { id };
      },
      inADay: () => new Date(app.clock.now().getTime() + 86_400_000).toISOString(),
      async activity(options = {}) {
        const networkKey = options.freshNetwork
          ? (await fixtures.networkWithEntry(OTHER)).key
          : 'law-enforcement';
        const startsAt = new Date(fixtures.inADay());
        const view = await app.api.get(ActivitiesService).create(
          asAdmin.principal,
          {
            networkKey,
            kind: 'seminar' as Parameters<ActivitiesService['create']>[1]['kind'],
            titleEn: 'Table seminar',
            titleRu: 'Семинар',
            startsAt,
            endsAt: new Date(startsAt.getTime() + 3_600_000),
            timeZone: 'Asia/Almaty',
            online: true,
          },
          {},
        );
        return { id: view.activity.id };
      },
      async silenceProcedure() {
        const id = await app.api.get(SilenceProcedures).open(
          asAdmin.principal,
          {
            titleEn: 'Table draft',
            titleRu: 'Проект',
            deadline: new Date(fixtures.inADay()),
            deadlineTimeZone: 'Asia/Almaty',
          },
          {},
        );
        return { id };
      },
      async readingAuthority(state) {
        const [{ id }] = await dataSource.query<{ id: string }[]>(
          `INSERT INTO authority (member_state_code, name_en, kind) VALUES ($1, $2, 'customs') RETURNING id`,
          [state, `Reading table authority ${++serial}`],
        );
        return { id };
      },
      async networkWithEntry(state) {
        const key = `table-network-${++serial}`;
        await dataSource.query(
          `INSERT INTO network (key, name_en, name_ru) VALUES ($1, 'Table network', 'Сеть')`,
          [key],
        );
        await fixtures.directoryEntry(state, { networkKey: key });
        return { key };
      },
      async communicationCheck(states, expecting) {
        const { key } = await fixtures.networkWithEntry(states[0]);
        for (const state of states.slice(1)) {
          await fixtures.directoryEntry(state, { networkKey: key });
        }
        if (expecting === Role.FOCAL_POINT) {
          await fixtures.directoryEntry(OWN, { networkKey: key, linkedTo: expecting });
        }
        const id = await app.api
          .get(CommunicationChecks)
          .start(asAdmin.principal, { networkKey: key, deadline: new Date(fixtures.inADay()) }, {});
        return { id };
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
    tableCredentialId = issued.credential.id;
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
  async function overWebSocket(
    row: Row,
    token: string | undefined,
    variables: Record<string, unknown>,
    caller: Caller,
  ) {
    const socket = new TestSubscriptionSocket(app.url, token);
    try {
      const refused = await Promise.race([
        socket.closed.then(({ code }) => code),
        socket.connected.then(() => undefined),
      ]);
      if (refused === 4403) return { outcome: 'UNAUTHENTICATED' };
      const stream = socket.subscribe(
        gql<Record<string, unknown>, Record<string, unknown>>`
          ${row.document}
        `,
        variables,
      );
      // A ministry system has no account of its own to ask `me` about.
      const userId =
        caller === 'API_CREDENTIAL'
          ? NO_SUCH_ID
          : (await new GraphqlTestClient(`${app.url}/graphql`).asBearer(token).query(ME)).me.id;
      // Give the subscription time to start, then push an event on the caller's channel.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const event = row.live?.(fixtures, userId, variables) ?? {
        channel: `notifications:${userId}`,
        payload: {
          id: NO_SUCH_ID,
          kind: NotificationKind.ACCOUNT_REACTIVATED,
          params: {},
          createdAt: app.clock.now().toISOString(),
        },
      };
      await app.api.get(LiveEvents).publish(event.channel, event.payload);
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
            ? await overWebSocket(row, token, variables, caller)
            : await overHttp(row, token, variables);
        expect({ caller, outcome }).toEqual({ caller, outcome: row.expect[caller] });
        if (outcome === 'ok' && data && row.check) row.check(data, caller);
      }
    });
  }
});
