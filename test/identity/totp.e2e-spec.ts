import { generate } from 'otplib';
import { Role, UserEntity, UsersService } from '@fpn/identity';
import { gql, GraphqlTestClient, startTestApp, type TestApp } from '@fpn/testing';
import { DataSource } from 'typeorm';

const EMAIL = 'coordinator@mfa.kz.example';
const PASSWORD = 'saryarka wind lantern 88';

const LOGIN = gql<
  { login: { accessToken: string } },
  { email: string; password: string; totpCode?: string; recoveryCode?: string }
>`
  mutation Login($email: String!, $password: String!, $totpCode: String, $recoveryCode: String) {
    login(
      input: {
        email: $email
        password: $password
        totpCode: $totpCode
        recoveryCode: $recoveryCode
      }
    ) {
      accessToken
    }
  }
`;
const START = gql<{ startTotpEnrolment: { secret: string; uri: string } }>`
  mutation {
    startTotpEnrolment {
      secret
      uri
    }
  }
`;
const CONFIRM = gql<{ confirmTotpEnrolment: { codes: string[] } }, { code: string }>`
  mutation Confirm($code: String!) {
    confirmTotpEnrolment(code: $code) {
      codes
    }
  }
`;

describe('two-factor sign-in with TOTP', () => {
  let app: TestApp;
  let secret: string;
  let recoveryCodes: string[];
  const codeNow = () => generate({ secret, epoch: Math.floor(app.clock.now().getTime() / 1000) });
  const login = (extra: { totpCode?: string; recoveryCode?: string } = {}) =>
    app.graphql.request(LOGIN, { email: EMAIL, password: PASSWORD, ...extra });
  const failure = async (extra: { totpCode?: string; recoveryCode?: string } = {}) => {
    const { errors } = await login(extra);
    return errors?.[0].extensions;
  };

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    await app.api.get(UsersService).create(
      {
        email: EMAIL,
        displayName: 'KZ coordinator',
        role: Role.STATE_COORDINATOR,
        memberStateCode: 'KZ',
      },
      PASSWORD,
    );
  });
  afterAll(() => app?.close());

  it('sets up an authenticator app from a first session, and gives recovery codes once', async () => {
    const { login: session } = await app.graphql.query(LOGIN, { email: EMAIL, password: PASSWORD });
    const client = new GraphqlTestClient(`${app.url}/graphql`).asBearer(session.accessToken);
    const enrolment = (await client.query(START)).startTotpEnrolment;
    secret = enrolment.secret;
    expect(enrolment.uri).toMatch(
      /^otpauth:\/\/totp\/Focal%20Points%20Network:coordinator%40mfa\.kz\.example\?/,
    );
    expect(await client.errorCodes(CONFIRM, { code: '000000' })).toEqual(['BAD_USER_INPUT']);
    recoveryCodes = (await client.query(CONFIRM, { code: await codeNow() })).confirmTotpEnrolment
      .codes;
    expect(recoveryCodes).toHaveLength(10);
    expect(await client.errorCodes(START)).toEqual(['CONFLICT']);
  });

  it('keeps the seed sealed at rest', async () => {
    const user = await app.api
      .get(DataSource)
      .getRepository(UserEntity)
      .findOneByOrFail({ email: EMAIL });
    expect(user.totpSecret).toMatch(/^v1\./);
    expect(user.totpSecret).not.toContain(secret);
  });

  it('asks for the code after the password, and accepts each code only once', async () => {
    expect(await failure()).toEqual({ code: 'UNAUTHENTICATED', reason: 'MFA_REQUIRED' });
    // The code that confirmed enrolment was used already.
    expect(await failure({ totpCode: await codeNow() })).toEqual({
      code: 'UNAUTHENTICATED',
      reason: 'MFA_FAILED',
    });
    app.clock.advance(30_000);
    const code = await codeNow();
    expect((await login({ totpCode: code })).data?.login.accessToken).toBeTruthy();
    expect(await failure({ totpCode: code })).toEqual({
      code: 'UNAUTHENTICATED',
      reason: 'MFA_FAILED',
    });
  });

  it('takes a recovery code once instead of a TOTP code', async () => {
    expect((await login({ recoveryCode: recoveryCodes[0] })).data?.login.accessToken).toBeTruthy();
    expect(await failure({ recoveryCode: recoveryCodes[0] })).toEqual({
      code: 'UNAUTHENTICATED',
      reason: 'MFA_FAILED',
    });
  });
});
