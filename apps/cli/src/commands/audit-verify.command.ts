import { command, lazyRun } from '../cli-command';

/**
 * Checks the audit log: exit 0 and a one-line summary when intact, exit 1
 * naming the first bad entry, exit 2 when it could not check.
 */
export const auditVerifyCommand = command<{ expectHead?: string }>({
  name: 'audit:verify',
  summary: 'check the audit hash chain and its signed checkpoints',
  define: (cmd) =>
    cmd.option(
      '--expect-head <hash>',
      'a head recorded earlier (HASH or SEQ:HASH) that must still be in the chain',
    ),
  run: lazyRun(() => import('./audit-verify.run.js')),
});
