import { randomUUID } from 'node:crypto';
import { Role, UserEntity, UserStatus, UsersService } from '@fpn/identity';
import { gql, GraphqlTestClient, startTestApp, type TestApp } from '@fpn/testing';
import { DataSource } from 'typeorm';
import { SessionStatement } from '../../libs/identity/src/auth/session-statement';
import { SessionEntity } from '../../libs/identity/src/sessions/session.entity';

interface Payload {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: string;
  user: { email: string; role: string; memberStateCode: string | null };
}

const LOGIN = gql<{ login: Payload }, { email: string; password: string }>`
  mutation Login($email: String!, $password: String!) {
    login(input: { email: $email, password: $password }) {
      accessToken
      refreshToken
      accessTokenExpiresAt
      user {
        email
        role
        memberStateCode
      }
    }
  }
`;
const REFRESH = gql<{ refreshSession: Payload }, { token: string }>`
  mutation Refresh($token: String!) {
    refreshSession(refreshToken: $token) {
      accessToken
      refreshToken
    }
  }
`;
const ME = gql<{ me: { email: string; displayName: string } }>`
  {
    me {
      email
      displayName
    }
  }
`;
const LOGOUT = gql<{ logout: boolean }>`
  mutation {
    logout
  }
`;

const PASSWORD = 'granite ferry lantern 42';

describe('sign-in, sessions and refresh tokens', () => {
  let app: TestApp;
  const client = (token?: string) => new GraphqlTestClient(`${app.url}/graphql`).asBearer(token);

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    const users = app.api.get(UsersService);
    await users.create(
      {
        email: 'Aigerim.K@mvd.kz.example',
        displayName: 'Aigerim K.',
        role: Role.FOCAL_POINT,
        memberStateCode: 'kz',
      },
      PASSWORD,
    );
  });
  afterAll(() => app?.close());

  const login = (email = 'aigerim.k@mvd.kz.example', password = PASSWORD) =>
    app.graphql.request(LOGIN, { email, password });

  it('signs in with e-mail (any case) and password, and knows who is calling', async () => {
    const { data } = await login('AIGERIM.K@mvd.kz.example');
    expect(data?.login.user).toEqual({
      email: 'aigerim.k@mvd.kz.example',
      role: 'FOCAL_POINT',
      memberStateCode: 'KZ',
    });
    const expiresIn =
      new Date(data!.login.accessTokenExpiresAt).getTime() - app.clock.now().getTime();
    expect(expiresIn).toBeLessThanOrEqual(15 * 60_000);
    expect(await client(data!.login.accessToken).query(ME)).toEqual({
      me: { email: 'aigerim.k@mvd.kz.example', displayName: 'Aigerim K.' },
    });
  });

  it('answers a wrong password and an unknown e-mail alike', async () => {
    const wrong = await login(undefined, 'not the password at all');
    const unknown = await login('nobody@example.org', PASSWORD);
    for (const response of [wrong, unknown]) {
      expect(response.errors).toEqual([
        expect.objectContaining({
          message: 'E-mail or password is incorrect',
          extensions: { code: 'UNAUTHENTICATED' },
        }),
      ]);
    }
  });

  it('refuses requests without a token, with a forged one, or after expiry', async () => {
    expect(await app.graphql.errorCodes(ME)).toEqual(['UNAUTHENTICATED']);
    expect(await client('not.a.jwt').errorCodes(ME)).toEqual(['UNAUTHENTICATED']);
    const { data } = await login();
    app.clock.advance(16 * 60_000);
    try {
      expect(await client(data!.login.accessToken).errorCodes(ME)).toEqual(['UNAUTHENTICATED']);
    } finally {
      app.clock.advance(-16 * 60_000);
    }
  });

  it('rotates refresh tokens; reusing an old one ends the whole session', async () => {
    const first = (await login()).data!.login;
    const second = (await app.graphql.query(REFRESH, { token: first.refreshToken })).refreshSession;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(await client(second.accessToken).query(ME)).toBeDefined();

    const reuse = await app.graphql.request(REFRESH, { token: first.refreshToken });
    expect(reuse.errors?.[0]).toMatchObject({
      extensions: { code: 'UNAUTHENTICATED', reason: 'REFRESH_TOKEN_REUSED' },
    });
    // The thief's copy and the owner's current tokens are all dead now.
    expect(await app.graphql.errorCodes(REFRESH, { token: second.refreshToken })).toEqual([
      'UNAUTHENTICATED',
    ]);
    expect(await client(second.accessToken).errorCodes(ME)).toEqual(['UNAUTHENTICATED']);
  });

  it('logs out: the session ends at once, other sessions live on', async () => {
    const mine = (await login()).data!.login;
    const other = (await login()).data!.login;
    expect(await client(mine.accessToken).query(LOGOUT)).toEqual({ logout: true });
    expect(await client(mine.accessToken).errorCodes(ME)).toEqual(['UNAUTHENTICATED']);
    expect(await app.graphql.errorCodes(REFRESH, { token: mine.refreshToken })).toEqual([
      'UNAUTHENTICATED',
    ]);
    expect(await client(other.accessToken).query(ME)).toBeDefined();
  });

  it('stops a suspended account at once, on every session', async () => {
    const session = (await login()).data!.login;
    const accounts = app.api.get(DataSource).getRepository(UserEntity);
    await accounts.update({ email: 'aigerim.k@mvd.kz.example' }, { status: UserStatus.SUSPENDED });
    try {
      expect(await client(session.accessToken).errorCodes(ME)).toEqual(['UNAUTHENTICATED']);
      expect(await app.graphql.errorCodes(REFRESH, { token: session.refreshToken })).toEqual([
        'UNAUTHENTICATED',
      ]);
      expect((await login()).errors?.[0].message).toBe('E-mail or password is incorrect');
    } finally {
      await accounts.update({ email: 'aigerim.k@mvd.kz.example' }, { status: UserStatus.ACTIVE });
    }
  });

  it('audits sign-ins, failures, token reuse and logouts, with no secret in the log', async () => {
    const rows = await app.api
      .get(DataSource)
      .query<{ type: string; details: Record<string, string> }[]>(
        'SELECT type, details FROM audit_pending ORDER BY id',
      );
    const types = new Set(rows.map((row) => row.type));
    for (const type of ['LOGIN_SUCCEEDED', 'LOGIN_FAILED', 'REFRESH_TOKEN_REUSED', 'LOGOUT']) {
      expect(types).toContain(type);
    }
    const reasons = rows
      .filter((row) => row.type === 'LOGIN_FAILED')
      .map((row) => row.details.reason);
    expect(reasons).toEqual(
      expect.arrayContaining(['wrong-password', 'unknown-account', 'suspended']),
    );
    expect(JSON.stringify(rows)).not.toContain(PASSWORD);
  });

  it('stores passwords as Argon2id at or above the configured cost', async () => {
    const user = await app.api
      .get(DataSource)
      .getRepository(UserEntity)
      .findOneByOrFail({ email: 'aigerim.k@mvd.kz.example' });
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('reads the session of every request, with its account, as TypeORM’s query builder would', async () => {
    const dataSource = app.api.get(DataSource);
    await dataSource.query(
      `UPDATE user_account SET totp_last_step = 123, password_changed_at = now() WHERE email = $1`,
      ['aigerim.k@mvd.kz.example'],
    );
    const ids = (await dataSource.query<{ id: string }[]>(`SELECT id FROM session`)).map(
      (row) => row.id,
    );
    expect(ids.length).toBeGreaterThan(0);
    const built = await dataSource.manager
      .createQueryBuilder(SessionEntity, 'session')
      .innerJoinAndSelect('session.user', 'user')
      .where('session.id IN (:...ids)', { ids })
      .orderBy('session.id')
      .getMany();
    const read = await new SessionStatement(dataSource).read([...ids, randomUUID()]);
    read.sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(read).toStrictEqual(built);
    expect(read.some((session) => session.user?.totpLastStep === '123')).toBe(true);
    expect(read[0].user).toBeInstanceOf(UserEntity);
  });
});
