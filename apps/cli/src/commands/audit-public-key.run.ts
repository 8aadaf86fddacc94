import { appEnvSchema, parseEnv } from '@fpn/config';
import { ExitCode, type CliContext } from '../cli-command';
import { describePublicKey, publicKeyFromSigningKeyFile } from './audit-keys';

const envSchema = appEnvSchema.pick({
  NODE_ENV: true,
  DATA_DIR: true,
  AUDIT_SIGNING_KEY_FILE: true,
});

/** `audit:public-key`, loaded only when called (the command is declared in audit-public-key.command.ts). */
export async function run(
  _options: Record<string, unknown>,
  { env, io }: CliContext,
): Promise<number> {
  const { publicKey } = await publicKeyFromSigningKeyFile(parseEnv(envSchema, env));
  for (const line of describePublicKey(publicKey)) io.out(line);
  return ExitCode.ok;
}
