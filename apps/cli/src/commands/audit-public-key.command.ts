import { command, lazyRun } from '../cli-command';

/** Publishes the audit public key, for `audit:verify` wherever it runs. */
export const auditPublicKeyCommand = command({
  name: 'audit:public-key',
  summary: "print the audit public key (from the worker's signing key file)",
  run: lazyRun(() => import('./audit-public-key.run.js')),
});
