import { generate } from 'otplib';
import { MFA_REQUIRED_ROLES, Role, TotpService, UsersService } from '@fpn/identity';
import {
  gql,
  GraphqlTestClient,
  startTestApp,
  withPgClient,
  type TestApp,
  type TypedDocument,
} from '@fpn/testing';

const PASSWORD = 'steppe courier lantern 2040';
const MINUTE = 60_000;
const DAY = 86_400_000;

const ACCOUNTS = {
  admin: { email: 'admin@secretariat.example', role: Role.SECRETARIAT_ADMIN, state: null },
  coordinator: { email: 'coordinator@mfa.kz.example', role: Role.STATE_COORDINATOR, state: 'KZ' },
  focal: { email: 'focal@police.kz.example', role: Role.FOCAL_POINT, state: 'KZ' },
} as const;
type Account = keyof typeof ACCOUNTS;

interface Credential {
  id: string;
  name: string;
  memberStateCode: string;
  networkKeys: string[];
  operations: string[];
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  rotatedAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  status: 'ACTIVE' | 'EXPIRED' | 'REVOKED';
}
const FIELDS = `id name memberStateCode networkKeys operations createdBy createdAt expiresAt
  rotatedAt revokedAt lastUsedAt status`;

interface IssueInput {
  name: string;
  memberStateCode: string;
  networkKeys: string[];
  operations: string[];
  expiresAt?: string;
}
const ISSUE = gql<
  { issueApiCredential: { credential: Credential; secret: string } },
  { input: IssueInput }
>`
  mutation Issue($input: IssueApiCredentialInput!) {
    issueApiCredential(input: $input) {
      credential { ${FIELDS} }
      secret
    }
  }
`;
const ROTATE = gql<
  { rotateApiCredential: { credential: Credential; secret: string } },
  { id: string; keep?: number }
>`
  mutation Rotate($id: ID!, $keep: Int) {
    rotateApiCredential(id: $id, keepPreviousForMinutes: $keep) {
      credential { ${FIELDS} }
      secret
    }
  }
`;
const REVOKE = gql<{ revokeApiCredential: Credential }, { id: string }>`
  mutation Revoke($id: ID!) {
    revokeApiCredential(id: $id) { ${FIELDS} }
  }
`;
const LIST = gql<
  { apiCredentials: Credential[] },
  { memberStateCode?: string; includeRevoked?: boolean }
>`
  query List($memberStateCode: String, $includeRevoked: Boolean) {
    apiCredentials(memberStateCode: $memberStateCode, includeRevoked: $includeRevoked) { ${FIELDS} }
  }
`;
const CURRENT = gql<{ currentApiCredential: Credential }>`
  { currentApiCredential { ${FIELDS} } }
`;
const ME = gql<{ me: { email: string } }>`
  {
    me {
      email
    }
  }
`;
const AUDIT_LOG = gql<unknown>`
  {
    auditLog(first: 5) {
      nextCursor
    }
  }
`;
const MEMBER_STATES = gql<{ memberStates: { code: string }[] }>`
  {
    memberStates {
      code
    }
  }
`;
const LOGIN = gql<
  { login: { accessToken: string; accessTokenExpiresAt: string } },
  { email: string; password: string; totpCode?: string }
>`
  mutation Login($email: String!, $password: String!, $totpCode: String) {
    login(input: { email: $email, password: $password, totpCode: $totpCode }) {
      accessToken
      accessTokenExpiresAt
    }
  }
`;

describe('API credentials for ministry systems', () => {
  let app: TestApp;
  const totpSecrets = new Map<Account, string>();
  const sessions = new Map<Account, { client: GraphqlTestClient; expiresAt: number }>();
  /** Every secret handed out, to look for in the audit log at the end. */
  const secretsSeen: string[] = [];

  const codeNow = (secret: string) =>
    generate({ secret, epoch: Math.floor(app.clock.now().getTime() / 1000) });

  /** A signed-in client for the account; signs in again once its access token has expired. */
  async function as(account: Account): Promise<GraphqlTestClient> {
    const session = sessions.get(account);
    if (session && session.expiresAt > app.clock.now().getTime()) return session.client;
    const secret = totpSecrets.get(account);
    // Each TOTP code works once: sign in on a fresh 30 s step.
    if (secret) app.clock.advance(30_000);
    const { login } = await app.graphql.query(LOGIN, {
      email: ACCOUNTS[account].email,
      password: PASSWORD,
      totpCode: secret ? await codeNow(secret) : undefined,
    });
    const client = new GraphqlTestClient(`${app.url}/graphql`).asBearer(login.accessToken);
    sessions.set(account, { client, expiresAt: Date.parse(login.accessTokenExpiresAt) });
    return client;
  }

  const system = (secret: string) => new GraphqlTestClient(`${app.url}/graphql`).asBearer(secret);

  async function issue(account: Account, input: Partial<IssueInput> = {}) {
    const { issueApiCredential } = await (
      await as(account)
    ).query(ISSUE, {
      input: {
        name: 'Customs risk engine',
        memberStateCode: 'KZ',
        networkKeys: ['law-enforcement'],
        operations: ['DIRECTORY_READ'],
        ...input,
      },
    });
    secretsSeen.push(issueApiCredential.secret);
    return issueApiCredential;
  }

  async function errorOf<R, V>(
    client: GraphqlTestClient,
    document: TypedDocument<R, V>,
    variables?: V,
  ): Promise<Record<string, unknown> | undefined> {
    const { errors } = await client.request(document, variables);
    return errors?.[0] && { message: errors[0].message, ...errors[0].extensions };
  }
  const codeOf = async <R, V>(
    client: GraphqlTestClient,
    document: TypedDocument<R, V>,
    variables?: V,
  ) => (await errorOf(client, document, variables))?.code ?? 'ok';

  beforeAll(async () => {
    app = await startTestApp({
      worker: false,
      env: { SIGNIN_FREE_ATTEMPTS_PER_ADDRESS: '10000', SIGNIN_FREE_ATTEMPTS_PER_ACCOUNT: '100' },
    });
    const totp = app.api.get(TotpService);
    for (const [account, { email, role, state }] of Object.entries(ACCOUNTS)) {
      const user = await app.api
        .get(UsersService)
        .create({ email, displayName: account, role, memberStateCode: state }, PASSWORD);
      if (MFA_REQUIRED_ROLES.includes(role)) {
        const { secret } = await totp.startEnrolment(user);
        await totp.confirmEnrolment(user, await codeNow(secret));
        totpSecrets.set(account as Account, secret);
      }
    }
  });
  afterAll(() => app?.close());

  describe('issuing', () => {
    it('lets the Secretariat issue for any state; the secret is shown once, in this answer', async () => {
      const issued = await issue('admin', {
        name: 'Tajik FIU case system',
        memberStateCode: 'tj',
        networkKeys: ['law-enforcement', 'law-enforcement'],
        operations: ['DIRECTORY_READ', 'MESSAGES_READ'],
      });
      expect(issued.secret).toMatch(/^fpn_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
      expect(issued.secret.slice(4, 36)).toBe(issued.credential.id.replace(/-/g, ''));
      expect(issued.credential).toMatchObject({
        name: 'Tajik FIU case system',
        memberStateCode: 'TJ',
        networkKeys: ['law-enforcement'],
        operations: ['DIRECTORY_READ', 'MESSAGES_READ'],
        status: 'ACTIVE',
        rotatedAt: null,
        revokedAt: null,
        lastUsedAt: null,
      });
      // 90 days by default.
      expect(Date.parse(issued.credential.expiresAt)).toBe(app.clock.now().getTime() + 90 * DAY);

      const listed = (await (await as('admin')).query(LIST, {})).apiCredentials;
      expect(listed.map((credential) => credential.id)).toContain(issued.credential.id);
      expect(JSON.stringify(listed)).not.toContain(issued.secret.slice(37));
      const stored = await withPgClient(app.database.ownerUrl, (client) =>
        client.query('SELECT * FROM api_credential WHERE id = $1', [issued.credential.id]),
      );
      expect(JSON.stringify(stored.rows)).not.toContain(issued.secret.slice(37));
      expect(stored.rows[0].secret_hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('lets a coordinator issue for their own state, and for no other', async () => {
      const issued = await issue('coordinator', { memberStateCode: 'KZ' });
      expect(issued.credential.memberStateCode).toBe('KZ');
      const input = {
        name: 'x',
        memberStateCode: 'TJ',
        networkKeys: [],
        operations: ['DIRECTORY_READ'],
      };
      expect(await codeOf(await as('coordinator'), ISSUE, { input })).toBe('FORBIDDEN');
      expect(
        await codeOf(await as('focal'), ISSUE, { input: { ...input, memberStateCode: 'KZ' } }),
      ).toBe('FORBIDDEN');
    });

    it('refuses unknown networks, no operations and a bad expiry, naming the field', async () => {
      const admin = await as('admin');
      const input = {
        name: 'Border guard gateway',
        memberStateCode: 'KZ',
        networkKeys: ['law-enforcement'],
        operations: ['DIRECTORY_READ'],
      };
      const fieldOf = async (change: Partial<IssueInput>) => {
        const error = await errorOf(admin, ISSUE, { input: { ...input, ...change } });
        return error && `${error.code} ${String(error.field)}`;
      };
      expect(await fieldOf({ networkKeys: ['law-enforcement', 'no-such-network'] })).toBe(
        'BAD_USER_INPUT networkKeys',
      );
      expect(await fieldOf({ operations: [] })).toBe('BAD_USER_INPUT operations');
      expect(await fieldOf({ name: '  ' })).toBe('BAD_USER_INPUT name');
      expect(await fieldOf({ memberStateCode: 'XX' })).toBe('BAD_USER_INPUT memberStateCode');
      const now = app.clock.now().getTime();
      expect(await fieldOf({ expiresAt: new Date(now - MINUTE).toISOString() })).toBe(
        'BAD_USER_INPUT expiresAt',
      );
      expect(await fieldOf({ expiresAt: new Date(now + 366 * DAY).toISOString() })).toBe(
        'BAD_USER_INPUT expiresAt',
      );
      const longest = await issue('admin', {
        expiresAt: new Date(now + 365 * DAY).toISOString(),
      });
      expect(Date.parse(longest.credential.expiresAt)).toBe(now + 365 * DAY);
    });
  });

  describe('scope of the people who manage them', () => {
    it("shows a coordinator their own state's credentials only", async () => {
      const coordinator = await as('coordinator');
      const own = (await coordinator.query(LIST, {})).apiCredentials;
      expect(own.length).toBeGreaterThan(0);
      expect(new Set(own.map((credential) => credential.memberStateCode))).toEqual(new Set(['KZ']));
      expect((await coordinator.query(LIST, { memberStateCode: 'KZ' })).apiCredentials).toEqual(
        own,
      );
      expect(await codeOf(coordinator, LIST, { memberStateCode: 'TJ' })).toBe('FORBIDDEN');
      const tj = (await (await as('admin')).query(LIST, { memberStateCode: 'TJ' })).apiCredentials;
      expect(tj.map((credential) => credential.memberStateCode)).toEqual(['TJ']);
    });

    it("answers another state's credential like one that does not exist", async () => {
      const other = await issue('admin', { memberStateCode: 'TJ' });
      const coordinator = await as('coordinator');
      const missing = '00000000-0000-4000-8000-000000000000';
      for (const id of [other.credential.id, missing, 'not-a-uuid']) {
        expect(await codeOf(coordinator, ROTATE, { id })).toBe('NOT_FOUND');
        expect(await codeOf(coordinator, REVOKE, { id })).toBe('NOT_FOUND');
      }
      expect((await errorOf(coordinator, REVOKE, { id: other.credential.id }))?.message).toBe(
        String((await errorOf(coordinator, REVOKE, { id: missing }))?.message).replace(
          missing,
          other.credential.id,
        ),
      );
      // Still usable: the refused attempts changed nothing.
      expect(await codeOf(system(other.secret), CURRENT)).toBe('ok');
    });
  });

  describe('calling with a credential', () => {
    it('lets the system see its own scope and expiry, and records when it was last used', async () => {
      const issued = await issue('coordinator', { operations: ['MESSAGES_SEND'] });
      const { currentApiCredential } = await system(issued.secret).query(CURRENT);
      expect(currentApiCredential).toMatchObject({
        id: issued.credential.id,
        memberStateCode: 'KZ',
        networkKeys: ['law-enforcement'],
        operations: ['MESSAGES_SEND'],
        expiresAt: issued.credential.expiresAt,
        status: 'ACTIVE',
        lastUsedAt: app.clock.now().toISOString(),
      });
      const lastUsed = async () =>
        (
          await withPgClient(app.database.ownerUrl, (client) =>
            client.query<{ last_used_at: Date }>(
              'SELECT last_used_at FROM api_credential WHERE id = $1',
              [issued.credential.id],
            ),
          )
        ).rows[0].last_used_at.toISOString();
      const first = app.clock.now().toISOString();
      expect(await lastUsed()).toBe(first);
      // At most one write a minute.
      app.clock.advance(30_000);
      await system(issued.secret).query(CURRENT);
      expect(await lastUsed()).toBe(first);
      app.clock.advance(31_000);
      await system(issued.secret).query(CURRENT);
      expect(await lastUsed()).toBe(app.clock.now().toISOString());
    });

    it('lets a credential call public operations, and no operation of people', async () => {
      const issued = await issue('admin', {
        operations: [
          'DIRECTORY_READ',
          'MESSAGES_READ',
          'MESSAGES_SEND',
          'ATTACHMENTS',
          'WEBHOOKS_MANAGE',
        ],
      });
      const client = system(issued.secret);
      expect((await client.query(MEMBER_STATES)).memberStates.length).toBeGreaterThan(0);
      expect(await codeOf(client, ME)).toBe('FORBIDDEN');
      expect(await codeOf(client, AUDIT_LOG)).toBe('FORBIDDEN');
      expect(await codeOf(client, LIST, {})).toBe('FORBIDDEN');
      expect(
        await codeOf(client, ISSUE, {
          input: {
            name: 'n',
            memberStateCode: 'KZ',
            networkKeys: [],
            operations: ['DIRECTORY_READ'],
          },
        }),
      ).toBe('FORBIDDEN');
    });

    it('keeps currentApiCredential for credentials: a signed-in person is refused', async () => {
      expect(await codeOf(await as('admin'), CURRENT)).toBe('FORBIDDEN');
      expect(await codeOf(await as('focal'), CURRENT)).toBe('FORBIDDEN');
      expect(await codeOf(app.graphql, CURRENT)).toBe('UNAUTHENTICATED');
    });

    it('answers a malformed, unknown or altered token UNAUTHENTICATED, all alike', async () => {
      const issued = await issue('admin');
      const id = issued.secret.slice(4, 36);
      const secret = issued.secret.slice(37);
      const altered = `${secret.slice(0, 10)}${secret[10] === 'a' ? 'b' : 'a'}${secret.slice(11)}`;
      const errors: unknown[] = [];
      for (const token of [
        'fpn_',
        'fpn_not-a-credential',
        `${issued.secret}x`,
        `fpn_${'0'.repeat(32)}_${secret}`,
        `fpn_${id}_${altered}`,
      ]) {
        errors.push(await errorOf(system(token), CURRENT));
      }
      expect(new Set(errors.map((error) => JSON.stringify(error)))).toEqual(
        new Set([
          JSON.stringify({
            message: 'API credential is invalid, expired or revoked',
            code: 'UNAUTHENTICATED',
          }),
        ]),
      );
    });
  });

  describe('lifecycle', () => {
    it('rotates: the new secret works, the old one at once stops', async () => {
      const issued = await issue('coordinator');
      const { rotateApiCredential: rotated } = await (
        await as('coordinator')
      ).query(ROTATE, { id: issued.credential.id });
      secretsSeen.push(rotated.secret);
      expect(rotated.secret).not.toBe(issued.secret);
      expect(rotated.credential.rotatedAt).toBe(app.clock.now().toISOString());
      expect(await codeOf(system(rotated.secret), CURRENT)).toBe('ok');
      expect(await codeOf(system(issued.secret), CURRENT)).toBe('UNAUTHENTICATED');
    });

    it('rotates with a grace period: the old secret works until it ends', async () => {
      const issued = await issue('admin');
      const admin = await as('admin');
      expect(await codeOf(admin, ROTATE, { id: issued.credential.id, keep: 1441 })).toBe(
        'BAD_USER_INPUT',
      );
      const { rotateApiCredential: rotated } = await admin.query(ROTATE, {
        id: issued.credential.id,
        keep: 10,
      });
      secretsSeen.push(rotated.secret);
      expect(await codeOf(system(issued.secret), CURRENT)).toBe('ok');
      expect(await codeOf(system(rotated.secret), CURRENT)).toBe('ok');
      app.clock.advance(10 * MINUTE - 1_000);
      expect(await codeOf(system(issued.secret), CURRENT)).toBe('ok');
      app.clock.advance(1_000);
      expect(await codeOf(system(issued.secret), CURRENT)).toBe('UNAUTHENTICATED');
      expect(await codeOf(system(rotated.secret), CURRENT)).toBe('ok');
    });

    it('revokes at once; a second revocation is a conflict', async () => {
      const issued = await issue('coordinator');
      const coordinator = await as('coordinator');
      expect(await codeOf(system(issued.secret), CURRENT)).toBe('ok');
      const { revokeApiCredential } = await coordinator.query(REVOKE, { id: issued.credential.id });
      expect(revokeApiCredential.status).toBe('REVOKED');
      expect(await codeOf(system(issued.secret), CURRENT)).toBe('UNAUTHENTICATED');
      expect(await codeOf(coordinator, REVOKE, { id: issued.credential.id })).toBe('CONFLICT');
      expect(await codeOf(coordinator, ROTATE, { id: issued.credential.id })).toBe('CONFLICT');

      const ids = async (includeRevoked?: boolean) =>
        (await coordinator.query(LIST, { includeRevoked })).apiCredentials.map(
          (credential) => credential.id,
        );
      expect(await ids()).not.toContain(issued.credential.id);
      expect(await ids(true)).toContain(issued.credential.id);
    });

    it('expires: the credential stops at its expiry and is listed as expired', async () => {
      const expiresAt = new Date(app.clock.now().getTime() + DAY);
      const issued = await issue('admin', { expiresAt: expiresAt.toISOString() });
      expect(await codeOf(system(issued.secret), CURRENT)).toBe('ok');
      app.clock.set(new Date(expiresAt.getTime() - 1_000));
      expect(await codeOf(system(issued.secret), CURRENT)).toBe('ok');
      app.clock.set(expiresAt);
      expect(await codeOf(system(issued.secret), CURRENT)).toBe('UNAUTHENTICATED');
      const listed = (await (await as('admin')).query(LIST, {})).apiCredentials.find(
        (credential) => credential.id === issued.credential.id,
      );
      expect(listed?.status).toBe('EXPIRED');
    });
  });

  describe('audit', () => {
    it('records issuance, rotation, revocation, rejections and refusals, never a secret', async () => {
      const rows = await withPgClient(app.database.ownerUrl, async (client) => {
        const pending = await client.query<{ type: string; details: Record<string, unknown> }>(
          'SELECT * FROM audit_pending ORDER BY id',
        );
        const chained = await client.query<{ type: string; details: Record<string, unknown> }>(
          'SELECT * FROM audit_entry ORDER BY seq',
        );
        return [...chained.rows, ...pending.rows];
      });
      const types = new Set(rows.map((row) => row.type));
      for (const type of [
        'CREDENTIAL_KEY_ISSUED',
        'CREDENTIAL_KEY_ROTATED',
        'CREDENTIAL_KEY_REVOKED',
        'API_CREDENTIAL_REJECTED',
      ]) {
        expect(types).toContain(type);
      }
      const reasons = new Set(
        rows
          .filter((row) => row.type === 'API_CREDENTIAL_REJECTED')
          .map((row) => row.details.reason),
      );
      expect(reasons).toEqual(
        new Set([
          'malformed',
          'unknown-credential',
          'wrong-secret',
          'previous-secret-expired',
          'revoked',
          'expired',
        ]),
      );
      const refusals = rows
        .filter((row) => row.type === 'AUTHORIZATION_DENIED')
        .map((row) => row.details.why);
      expect(refusals).toEqual(
        expect.arrayContaining(['api-credential-operation', 'object-scope', 'role']),
      );

      const everything = JSON.stringify(rows);
      expect(secretsSeen.length).toBeGreaterThan(5);
      for (const secret of secretsSeen) {
        expect(everything).not.toContain(secret.slice(37));
      }
    });
  });
});
