import { generate } from 'otplib';
import { MFA_REQUIRED_ROLES, type Role, TotpService, UsersService } from '@fpn/identity';
import { gql, GraphqlTestClient } from './graphql-client';
import type { TestApp } from './test-app';

export interface TestAccount {
  id: string;
  email: string;
  password: string;
  role: Role;
  memberStateCode: string | null;
  /** The TOTP seed, for roles that must use a second factor. */
  totpSecret?: string;
}

export interface TestSession {
  accessToken: string;
  refreshToken: string;
  client: GraphqlTestClient;
}

const LOGIN = gql<
  { login: { accessToken: string; refreshToken: string } },
  { email: string; password: string; totpCode?: string }
>`
  mutation TestLogin($email: String!, $password: String!, $totpCode: String) {
    login(input: { email: $email, password: $password, totpCode: $totpCode }) {
      accessToken
      refreshToken
    }
  }
`;

/** The current TOTP code at the app's clock. */
export const totpCodeNow = (app: TestApp, secret: string) =>
  generate({ secret, epoch: Math.floor(app.clock.now().getTime() / 1000) });

/**
 * An account as it is once set up: a password and, for roles that must use
 * one, TOTP enrolled. Made through the services, for tests about something else.
 */
export async function createTestAccount(
  app: TestApp,
  account: {
    email: string;
    role: Role;
    memberStateCode?: string | null;
    password?: string;
    /** Enrol TOTP although the role does not require it. */
    totp?: boolean;
  },
): Promise<TestAccount> {
  const password = account.password ?? 'quartz meadow lantern 1987';
  const user = await app.api.get(UsersService).create(
    {
      email: account.email,
      displayName: account.email.split('@')[0],
      role: account.role,
      memberStateCode: account.memberStateCode ?? null,
    },
    password,
  );
  const created: TestAccount = {
    id: user.id,
    email: user.email,
    password,
    role: user.role,
    memberStateCode: user.memberStateCode,
  };
  if (account.totp || MFA_REQUIRED_ROLES.includes(user.role)) {
    const totp = app.api.get(TotpService);
    const { secret } = await totp.startEnrolment(user);
    await totp.confirmEnrolment(user, await totpCodeNow(app, secret));
    created.totpSecret = secret;
  }
  return created;
}

/**
 * Signs in over GraphQL. Each TOTP code works once, so the clock first moves
 * to the next 30 s step.
 */
export async function signInTestAccount(app: TestApp, account: TestAccount): Promise<TestSession> {
  let totpCode: string | undefined;
  if (account.totpSecret) {
    app.clock.advance(30_000);
    totpCode = await totpCodeNow(app, account.totpSecret);
  }
  const client = new GraphqlTestClient(`${app.url}/graphql`);
  const { login } = await client.query(LOGIN, {
    email: account.email,
    password: account.password,
    totpCode,
  });
  return { ...login, client: client.asBearer(login.accessToken) };
}
