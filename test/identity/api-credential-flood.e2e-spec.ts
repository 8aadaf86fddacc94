import {
  API_OPERATIONS,
  ApiCredentialsService,
  CREDENTIAL_REJECTIONS_PER_ADDRESS,
  Role,
  UsersService,
} from '@fpn/identity';
import {
  createTestAccount,
  gql,
  GraphqlTestClient,
  startTestApp,
  type TestApp,
  withPgClient,
} from '@fpn/testing';

const CURRENT = gql<{ currentApiCredential: { memberStateCode: string } }>`
  {
    currentApiCredential {
      memberStateCode
    }
  }
`;

describe('a flood of bad API credentials from one address', () => {
  let app: TestApp;
  let goodToken: string;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    const account = await createTestAccount(app, {
      email: 'admin@secretariat.example',
      role: Role.SECRETARIAT_ADMIN,
    });
    const admin = (await app.api.get(UsersService).findByEmail(account.email))!;
    const issued = await app.api.get(ApiCredentialsService).issue(
      {
        principal: { user: admin, sessionId: '00000000-0000-4000-8000-000000000000' },
        origin: {},
      },
      {
        name: 'Ministry gateway',
        memberStateCode: 'KZ',
        networkKeys: [],
        operations: [...API_OPERATIONS],
      },
    );
    goodToken = issued.token;
  });
  afterAll(() => app?.close());

  const call = (token: string) =>
    new GraphqlTestClient(`${app.url}/graphql`).asBearer(token).request(CURRENT);
  const rejectionsAudited = () =>
    withPgClient(app.database.ownerUrl, async (client) => {
      const { rows } = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM (
           SELECT type FROM audit_pending UNION ALL SELECT type FROM audit_entry) e
         WHERE type = 'API_CREDENTIAL_REJECTED'`,
      );
      return Number(rows[0].n);
    });

  it('is answered RATE_LIMITED past the limit, audited once, and a good credential still works', async () => {
    const bad = `fpn_${'0'.repeat(32)}_${'A'.repeat(43)}`;
    for (let i = 0; i < CREDENTIAL_REJECTIONS_PER_ADDRESS; i++) {
      expect((await call(bad)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
    const first = await call(bad);
    expect(first.errors?.[0].extensions).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: expect.any(Number),
    });
    expect((await call('fpn_not-even-well-formed')).errors?.[0].extensions?.code).toBe(
      'RATE_LIMITED',
    );
    // Each refusal up to the limit, plus the first one over it: not one row per flooded request.
    expect(await rejectionsAudited()).toBe(CREDENTIAL_REJECTIONS_PER_ADDRESS + 1);

    const good = await call(goodToken);
    expect(good.errors).toBeUndefined();
    expect(good.data?.currentApiCredential.memberStateCode).toBe('KZ');
  });
});
