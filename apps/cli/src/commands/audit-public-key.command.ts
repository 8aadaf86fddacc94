import { appEnvSchema, parseEnv } from '@fpn/config';
import { command, ExitCode } from '../cli-command';
import { describePublicKey, publicKeyFromSigningKeyFile } from './audit-keys';

const envSchema = appEnvSchema.pick({
  NODE_ENV: true,
  DATA_DIR: true,
  AUDIT_SIGNING_KEY_FILE: true,
});

/** Publishes the audit public key, for `audit:verify` wherever it runs. */
export const auditPublicKeyCommand = command({
  name: 'audit:public-key',
  summary: "print the audit public key (from the worker's signing key file)",
  async run(_options, { env, io }) {
    const { publicKey } = await publicKeyFromSigningKeyFile(parseEnv(envSchema, env));
    for (const line of describePublicKey(publicKey)) io.out(line);
    return ExitCode.ok;
  },
});
