import { command, lazyRun } from '../cli-command';

/**
 * Creates the first Secretariat administrator. There is no default account and
 * no default password: the password is typed (or piped), never an argument.
 */
export const adminCreateCommand = command<{ email: string; name: string }>({
  name: 'admin:create',
  summary: 'create a Secretariat administrator (password read from the terminal or stdin)',
  define: (cmd) =>
    cmd
      .requiredOption('--email <address>', "the administrator's e-mail address")
      .requiredOption('--name <display name>', "the administrator's name as others see it"),
  run: lazyRun(() => import('./admin-create.run.js')),
});
