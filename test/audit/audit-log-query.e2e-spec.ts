import { generate } from 'otplib';
import { Role, TotpService, UsersService } from '@fpn/identity';
import { eventually, gql, GraphqlTestClient, startTestApp, type TestApp } from '@fpn/testing';

interface Page {
  auditLog: {
    entries: { seq: string; type: string; details: string; actorRole: string | null }[];
    nextCursor: string | null;
  };
}
const AUDIT_LOG = gql<Page, { types?: string[]; first?: number; after?: string }>`
  query Log($types: [String!], $first: Int, $after: String) {
    auditLog(filter: { types: $types }, first: $first, after: $after) {
      entries {
        seq
        type
        details
        actorRole
      }
      nextCursor
    }
  }
`;
const LOGIN = gql<
  { login: { accessToken: string } },
  { email: string; password: string; totpCode?: string }
>`
  mutation ($email: String!, $password: String!, $totpCode: String) {
    login(input: { email: $email, password: $password, totpCode: $totpCode }) {
      accessToken
    }
  }
`;
const PASSWORD = 'caspian harbour signal 31';

describe('the Secretariat reads the audit log', () => {
  let app: TestApp;
  let officer: GraphqlTestClient;

  beforeAll(async () => {
    app = await startTestApp({ env: { AUDIT_CHAIN_INTERVAL_SECONDS: '1' } });
    const user = await app.api.get(UsersService).create(
      {
        email: 'officer@secretariat.example',
        displayName: 'Officer',
        role: Role.SECRETARIAT_OFFICER,
      },
      PASSWORD,
    );
    const totp = app.api.get(TotpService);
    const { secret } = await totp.startEnrolment(user);
    const code = () => generate({ secret, epoch: Math.floor(app.clock.now().getTime() / 1000) });
    await totp.confirmEnrolment(user, await code());
    app.clock.advance(30_000);
    const { login } = await app.graphql.query(LOGIN, {
      email: 'officer@secretariat.example',
      password: PASSWORD,
      totpCode: await code(),
    });
    officer = new GraphqlTestClient(`${app.url}/graphql`).asBearer(login.accessToken);
    // Three failed sign-ins by someone else.
    for (const guess of ['first guess at it', 'second guess at it', 'third guess at it']) {
      await app.graphql.request(LOGIN, { email: 'nobody@example.org', password: guess });
    }
  });
  afterAll(() => app?.close());

  it('shows chained events, newest first, filtered by type, without secrets', async () => {
    const page = await eventually(async () => {
      const { auditLog } = await officer.query(AUDIT_LOG, { types: ['LOGIN_FAILED'] });
      return auditLog.entries.length >= 3 ? auditLog : undefined;
    });
    expect(page.entries.map((entry) => entry.type)).toEqual([
      'LOGIN_FAILED',
      'LOGIN_FAILED',
      'LOGIN_FAILED',
    ]);
    expect(page.entries.map((entry) => JSON.parse(entry.details).reason)).toEqual([
      'unknown-account',
      'unknown-account',
      'unknown-account',
    ]);
    const seqs = page.entries.map((entry) => Number(entry.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(JSON.stringify(page)).not.toContain('guess at it');
  });

  it('pages with a cursor, and refuses a page larger than 100', async () => {
    const first = (await officer.query(AUDIT_LOG, { first: 2 })).auditLog;
    expect(first.entries).toHaveLength(2);
    expect(first.nextCursor).toBe(first.entries[1].seq);
    const next = (await officer.query(AUDIT_LOG, { first: 2, after: first.nextCursor! })).auditLog;
    expect(Number(next.entries[0].seq)).toBeLessThan(Number(first.entries[1].seq));
    expect(await officer.errorCodes(AUDIT_LOG, { first: 101 })).toEqual(['BAD_USER_INPUT']);
  });
});
