import { Role } from '@fpn/identity';
import {
  createTestAccount,
  gql,
  GraphqlTestClient,
  signInTestAccount,
  startTestApp,
  startTestSmtpServer,
  type TestAccount,
  type TestApp,
  type TestSession,
  totpCodeNow,
  withPgClient,
} from '@fpn/testing';

type Smtp = Awaited<ReturnType<typeof startTestSmtpServer>>;

interface Payload {
  accessToken: string;
  refreshToken: string;
  user: { id: string; email: string; role: string; passwordSet: boolean; totpEnabled: boolean };
}

const INVITE = gql<
  { inviteUser: { id: string; passwordSet: boolean; language: string } },
  { email: string; role: Role; state?: string; language?: string }
>`
  mutation Invite($email: String!, $role: Role!, $state: String, $language: Language) {
    inviteUser(
      input: {
        email: $email
        displayName: "Invited Person"
        role: $role
        memberStateCode: $state
        language: $language
      }
    ) {
      id
      passwordSet
      language
    }
  }
`;
const ACCEPT = gql<{ acceptInvitation: Payload }, { token: string; password: string }>`
  mutation Accept($token: String!, $password: String!) {
    acceptInvitation(token: $token, password: $password) {
      accessToken
      refreshToken
      user {
        id
        email
        role
        passwordSet
        totpEnabled
      }
    }
  }
`;
const LOGIN = gql<
  { login: { accessToken: string; refreshToken: string } },
  { email: string; password: string; totpCode?: string }
>`
  mutation Login($email: String!, $password: String!, $totpCode: String) {
    login(input: { email: $email, password: $password, totpCode: $totpCode }) {
      accessToken
      refreshToken
    }
  }
`;
const REFRESH = gql<
  { refreshSession: { accessToken: string; refreshToken: string } },
  { token: string }
>`
  mutation Refresh($token: String!) {
    refreshSession(refreshToken: $token) {
      accessToken
      refreshToken
    }
  }
`;
const START_TOTP = gql<{ startTotpEnrolment: { secret: string } }>`
  mutation {
    startTotpEnrolment {
      secret
    }
  }
`;
const CONFIRM_TOTP = gql<{ confirmTotpEnrolment: { codes: string[] } }, { code: string }>`
  mutation Confirm($code: String!) {
    confirmTotpEnrolment(code: $code) {
      codes
    }
  }
`;
const USERS = gql<{ users: { users: { email: string; memberStateCode: string | null }[] } }>`
  {
    users(first: 100) {
      users {
        email
        memberStateCode
      }
    }
  }
`;
const ME = gql<{ me: { email: string } }>`
  {
    me {
      email
    }
  }
`;
const LOGOUT = gql<{ logout: boolean }>`
  mutation {
    logout
  }
`;
const RESET = gql<
  { resetUserAccess: { passwordSet: boolean; totpEnabled: boolean } },
  { id: string }
>`
  mutation Reset($id: ID!) {
    resetUserAccess(userId: $id) {
      passwordSet
      totpEnabled
    }
  }
`;
const SUSPEND = gql<{ suspendUser: { status: string } }, { id: string }>`
  mutation Suspend($id: ID!) {
    suspendUser(userId: $id, reason: "Left the service") {
      status
    }
  }
`;
const REACTIVATE = gql<{ reactivateUser: { status: string } }, { id: string }>`
  mutation Reactivate($id: ID!) {
    reactivateUser(userId: $id) {
      status
    }
  }
`;

const PASSWORD = 'steppe river compass 2031';

/** The token line of an invitation e-mail. */
function tokenOf(text: string): string {
  const match = /^([A-Za-z0-9_-]{43})$/m.exec(text);
  if (!match) throw new Error(`no token in the e-mail:\n${text}`);
  return match[1];
}

describe('invitations, resets and suspension', () => {
  let app: TestApp;
  let smtp: Smtp;
  let admin: TestAccount;
  let adminSession: TestSession;
  let coordinatorKz: TestAccount;
  let coordinatorTj: TestAccount;

  const anonymous = () => new GraphqlTestClient(`${app.url}/graphql`);
  const bearer = (token: string) => anonymous().asBearer(token);
  const codeOf = async (response: {
    errors?: readonly { extensions?: Record<string, unknown> }[];
  }) => response.errors?.[0]?.extensions?.code;

  /** Waits for the next e-mail to this address and returns its token and text. */
  async function mailTo(address: string, already = 0) {
    const mail = await smtp.waitFor((m) => m.to === address, 15_000, already);
    return { ...mail, token: tokenOf(mail.text) };
  }

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    app = await startTestApp({ env: { SMTP_URL: smtp.url } });
    admin = await createTestAccount(app, {
      email: 'admin@secretariat.example',
      role: Role.SECRETARIAT_ADMIN,
    });
    coordinatorKz = await createTestAccount(app, {
      email: 'coordinator@mfa.kz.example',
      role: Role.STATE_COORDINATOR,
      memberStateCode: 'KZ',
    });
    coordinatorTj = await createTestAccount(app, {
      email: 'coordinator@mfa.tj.example',
      role: Role.STATE_COORDINATOR,
      memberStateCode: 'TJ',
    });
    adminSession = await signInTestAccount(app, admin);
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  it('invite → e-mail → set password → enrol TOTP → login → refresh → logout', async () => {
    const { inviteUser } = await adminSession.client.query(INVITE, {
      email: 'Nurlan@MVD.kz.example',
      role: Role.STATE_COORDINATOR,
      state: 'KZ',
      language: 'RU',
    });
    expect(inviteUser).toMatchObject({ passwordSet: false, language: 'RU' });

    // The e-mail arrives in the invitee's language, with the one-time token and nothing else secret.
    const mail = await mailTo('nurlan@mvd.kz.example');
    expect(mail.subject).toMatch(/[А-Яа-я]/);

    // Not signed in until the invitation is accepted.
    expect(
      await codeOf(
        await app.graphql.request(LOGIN, { email: 'nurlan@mvd.kz.example', password: PASSWORD }),
      ),
    ).toBe('UNAUTHENTICATED');

    // A weak password is refused and the invitation stays usable.
    const weak = await app.graphql.request(ACCEPT, { token: mail.token, password: 'password1234' });
    expect(await codeOf(weak)).toBe('BAD_USER_INPUT');

    const { acceptInvitation } = await anonymous().query(ACCEPT, {
      token: mail.token,
      password: PASSWORD,
    });
    expect(acceptInvitation.user).toMatchObject({
      email: 'nurlan@mvd.kz.example',
      role: 'STATE_COORDINATOR',
      passwordSet: true,
      totpEnabled: false,
    });

    // A coordinator must set up TOTP before anything else.
    const newcomer = bearer(acceptInvitation.accessToken);
    const blocked = await newcomer.request(USERS);
    expect(blocked.errors?.[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'MFA_ENROLMENT_REQUIRED',
    });
    const { startTotpEnrolment } = await newcomer.query(START_TOTP);
    await newcomer.query(CONFIRM_TOTP, {
      code: await totpCodeNow(app, startTotpEnrolment.secret),
    });
    const { users } = await newcomer.query(USERS);
    expect(users.users.every((user) => user.memberStateCode === 'KZ')).toBe(true);
    await newcomer.query(LOGOUT);

    // The invitation worked once.
    const again = await anonymous().request(ACCEPT, { token: mail.token, password: PASSWORD });
    expect(again.errors?.[0].extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'INVITATION_INVALID',
    });

    // Sign in with password and TOTP, refresh, and sign out.
    app.clock.advance(30_000);
    const { login } = await anonymous().query(LOGIN, {
      email: 'nurlan@mvd.kz.example',
      password: PASSWORD,
      totpCode: await totpCodeNow(app, startTotpEnrolment.secret),
    });
    const { refreshSession } = await anonymous().query(REFRESH, { token: login.refreshToken });
    expect((await bearer(refreshSession.accessToken).query(ME)).me.email).toBe(
      'nurlan@mvd.kz.example',
    );
    await bearer(refreshSession.accessToken).query(LOGOUT);
    expect(await codeOf(await bearer(refreshSession.accessToken).request(ME))).toBe(
      'UNAUTHENTICATED',
    );
    expect(
      await codeOf(await anonymous().request(REFRESH, { token: refreshSession.refreshToken })),
    ).toBe('UNAUTHENTICATED');
  });

  it('an invitation expires, and a newer one voids the older', async () => {
    const { inviteUser } = await adminSession.client.query(INVITE, {
      email: 'late@customs.tj.example',
      role: Role.FOCAL_POINT,
      state: 'TJ',
    });
    const first = await mailTo('late@customs.tj.example');
    app.clock.advance(73 * 3_600_000);
    adminSession = await signInTestAccount(app, admin);
    const expired = await anonymous().request(ACCEPT, { token: first.token, password: PASSWORD });
    expect(expired.errors?.[0].extensions?.reason).toBe('INVITATION_INVALID');

    // Resending is a reset of an account that never set a password.
    await adminSession.client.query(RESET, { id: inviteUser.id });
    const second = await mailTo('late@customs.tj.example', 1);
    expect(second.token).not.toBe(first.token);
    const { acceptInvitation } = await anonymous().query(ACCEPT, {
      token: second.token,
      password: PASSWORD,
    });
    expect(acceptInvitation.user.passwordSet).toBe(true);
  });

  it('a coordinator resets access in their own state only; every session ends', async () => {
    const focal = await createTestAccount(app, {
      email: 'officer@police.kz.example',
      role: Role.FOCAL_POINT,
      memberStateCode: 'KZ',
      password: PASSWORD,
    });
    const focalSession = await signInTestAccount(app, focal);
    const coordinatorKzSession = await signInTestAccount(app, coordinatorKz);
    const coordinatorTjSession = await signInTestAccount(app, coordinatorTj);

    // Another state's account does not exist for a coordinator.
    const foreign = await coordinatorTjSession.client.request(RESET, { id: focal.id });
    expect(await codeOf(foreign)).toBe('NOT_FOUND');
    expect((await focalSession.client.query(ME)).me.email).toBe(focal.email);

    const { resetUserAccess } = await coordinatorKzSession.client.query(RESET, { id: focal.id });
    expect(resetUserAccess).toEqual({ passwordSet: false, totpEnabled: false });

    // Every session ended at once; the old password no longer works.
    expect(await codeOf(await focalSession.client.request(ME))).toBe('UNAUTHENTICATED');
    expect(
      await codeOf(await anonymous().request(REFRESH, { token: focalSession.refreshToken })),
    ).toBe('UNAUTHENTICATED');
    expect(
      await codeOf(await anonymous().request(LOGIN, { email: focal.email, password: PASSWORD })),
    ).toBe('UNAUTHENTICATED');

    // The reset e-mail carries a fresh invitation.
    const mail = await mailTo(focal.email);
    const newPassword = 'aral horizon beacon 7788';
    await anonymous().query(ACCEPT, { token: mail.token, password: newPassword });
    await anonymous().query(LOGIN, { email: focal.email, password: newPassword });

    // Both resets are in the audit log, with who did it.
    const events = await withPgClient(app.database.ownerUrl, async (client) => {
      const { rows } = await client.query<{ type: string; actor_id: string }>(
        `SELECT type, actor_id FROM (
           SELECT type, actor_id, subject_id FROM audit_pending
           UNION ALL SELECT type, actor_id, subject_id FROM audit_entry) e
         WHERE subject_id = $1 AND type = 'ACCESS_RESET'`,
        [focal.id],
      );
      return rows;
    });
    expect(events).toEqual([{ type: 'ACCESS_RESET', actor_id: coordinatorKz.id }]);
  });

  it('suspension ends tokens and refuses sign-in until reactivated', async () => {
    const focal = await createTestAccount(app, {
      email: 'analyst@fiu.kz.example',
      role: Role.FOCAL_POINT,
      memberStateCode: 'KZ',
    });
    const focalSession = await signInTestAccount(app, focal);
    const { suspendUser } = await adminSession.client.query(SUSPEND, { id: focal.id });
    expect(suspendUser.status).toBe('SUSPENDED');
    expect(await codeOf(await focalSession.client.request(ME))).toBe('UNAUTHENTICATED');
    expect(
      await codeOf(await anonymous().request(REFRESH, { token: focalSession.refreshToken })),
    ).toBe('UNAUTHENTICATED');
    expect(
      await codeOf(
        await anonymous().request(LOGIN, { email: focal.email, password: focal.password }),
      ),
    ).toBe('UNAUTHENTICATED');
    // Suspending twice is a conflict; reactivating lets the person sign in again.
    expect(await codeOf(await adminSession.client.request(SUSPEND, { id: focal.id }))).toBe(
      'CONFLICT',
    );
    await adminSession.client.query(REACTIVATE, { id: focal.id });
    await signInTestAccount(app, focal);
  });

  it('an admin changes a role: every session ends and the new role must set up TOTP', async () => {
    const focal = await createTestAccount(app, {
      email: 'promoted@police.kz.example',
      role: Role.FOCAL_POINT,
      memberStateCode: 'KZ',
    });
    const before = await signInTestAccount(app, focal);
    const { changeUserRole } = await adminSession.client.query(
      gql<{ changeUserRole: { role: string; memberStateCode: string } }, { id: string }>`
        mutation Promote($id: ID!) {
          changeUserRole(userId: $id, role: STATE_COORDINATOR, memberStateCode: "KZ") {
            role
            memberStateCode
          }
        }
      `,
      { id: focal.id },
    );
    expect(changeUserRole).toEqual({ role: 'STATE_COORDINATOR', memberStateCode: 'KZ' });
    expect(await codeOf(await before.client.request(ME))).toBe('UNAUTHENTICATED');
    const after = await signInTestAccount(app, { ...focal, role: Role.STATE_COORDINATOR });
    const refused = await after.client.request(USERS);
    expect(refused.errors?.[0].extensions?.reason).toBe('MFA_ENROLMENT_REQUIRED');
  });

  it('a focal point cannot invite, and an officer cannot invite Secretariat staff', async () => {
    const focal = await createTestAccount(app, {
      email: 'someone@border.kz.example',
      role: Role.FOCAL_POINT,
      memberStateCode: 'KZ',
    });
    const session = await signInTestAccount(app, focal);
    expect(
      await codeOf(
        await session.client.request(INVITE, {
          email: 'x@y.example',
          role: Role.FOCAL_POINT,
          state: 'KZ',
        }),
      ),
    ).toBe('FORBIDDEN');
    const officer = await createTestAccount(app, {
      email: 'officer@secretariat.example',
      role: Role.SECRETARIAT_OFFICER,
    });
    const officerSession = await signInTestAccount(app, officer);
    expect(
      await codeOf(
        await officerSession.client.request(INVITE, {
          email: 'boss@secretariat.example',
          role: Role.SECRETARIAT_ADMIN,
        }),
      ),
    ).toBe('FORBIDDEN');
    // A duplicate e-mail is a conflict, and nothing was sent for it.
    expect(
      await codeOf(
        await adminSession.client.request(INVITE, {
          email: focal.email,
          role: Role.FOCAL_POINT,
          state: 'KZ',
        }),
      ),
    ).toBe('CONFLICT');
  });
});
