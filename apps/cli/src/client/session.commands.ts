import { ApiError } from '@fpn/client';
import { ClientUsageError, clientCommand, openClient, type ClientOptions } from './client-context';

/** `fpn login`: the password from the terminal (or the first piped line), TOTP from `--totp` or asked. */
export const loginCommand = clientCommand<
  ClientOptions & { email?: string; totp?: string; recoveryCode?: boolean }
>({
  name: 'login',
  summary: 'sign in (password, then the one-time code if your account uses one)',
  define: (cmd) =>
    cmd
      .option('--email <address>', 'your e-mail address (default: FPN_EMAIL)')
      .option('--totp <code>', 'the current code of your authenticator app')
      .option('--recovery-code', 'use one of your one-time recovery codes instead (asked for)'),
  async run(options, context) {
    const email = options.email || context.env.FPN_EMAIL;
    if (!email) throw new ClientUsageError('pass --email (or set FPN_EMAIL)');
    if (!context.secrets) throw new ClientUsageError('no terminal or input to read the password');
    const client = await openClient(options, context);
    const password = await context.secrets.read('Password: ');
    const recoveryCode = options.recoveryCode
      ? await context.secrets.read('Recovery code: ')
      : undefined;
    let account;
    try {
      account = await client.login({ email, password, totpCode: options.totp, recoveryCode });
    } catch (error) {
      if (!(error instanceof ApiError && error.reason === 'MFA_REQUIRED' && !options.totp)) {
        throw error;
      }
      const totpCode = await context.secrets.read('One-time code: ');
      account = await client.login({ email, password, totpCode });
    }
    return {
      data: { server: client.session.serverUrl, account },
      lines: [
        `Signed in to ${client.session.serverUrl} as ${account.displayName} <${account.email}> (${account.role}${account.memberStateCode ? `, ${account.memberStateCode}` : ''})`,
      ],
    };
  },
});

export const logoutCommand = clientCommand<ClientOptions>({
  name: 'logout',
  summary: 'end this session on the server and forget it here (your keys stay)',
  async run(options, context) {
    const client = await openClient(options, context);
    await client.logout();
    return { data: { signedOut: true }, lines: ['Signed out.'] };
  },
});

export const whoamiCommand = clientCommand<ClientOptions>({
  name: 'whoami',
  summary: 'the account you are signed in as',
  async run(options, context) {
    const client = await openClient(options, context);
    const me = await client.me();
    return {
      data: me,
      lines: [
        `${me.displayName} <${me.email}> — ${me.role}${me.memberStateCode ? `, ${me.memberStateCode}` : ''}`,
      ],
    };
  },
});
