import { parseExpectedHead, verifyAuditLog } from '@fpn/audit';
import { appEnvSchema, parseEnv } from '@fpn/config';
import { Client } from 'pg';
import { ExitCode, type CliContext } from '../cli-command';
import { auditPublicKey } from './audit-keys';

const envSchema = appEnvSchema.pick({
  NODE_ENV: true,
  DATA_DIR: true,
  DATABASE_URL: true,
  DATABASE_CONNECT_TIMEOUT_MS: true,
  AUDIT_SIGNING_KEY_FILE: true,
  AUDIT_PUBLIC_KEY: true,
});

const counted = (count: number, one: string, many: string) =>
  `${count} ${count === 1 ? one : many}`;

/** `audit:verify`, loaded only when called (the command is declared in audit-verify.command.ts). */
export async function run(
  options: { expectHead?: string },
  { env, io }: CliContext,
): Promise<number> {
  const config = parseEnv(envSchema, env);
  const expectHead = options.expectHead ? parseExpectedHead(options.expectHead) : undefined;
  const publicKey = await auditPublicKey(config);
  const client = new Client({
    connectionString: config.DATABASE_URL,
    connectionTimeoutMillis: config.DATABASE_CONNECT_TIMEOUT_MS,
    application_name: 'fpn-cli',
  });
  client.on('error', () => undefined);
  try {
    await client.connect().catch((error: NodeJS.ErrnoException) => {
      const { hostname, port } = new URL(config.DATABASE_URL);
      throw new Error(
        `cannot reach PostgreSQL at ${hostname}:${port || 5432} (DATABASE_URL): ${error.code ?? error.message}`,
      );
    });
    const result = await verifyAuditLog(client, publicKey, { expectHead });
    if (!result.ok) {
      io.err(`audit log NOT intact: ${result.firstBad?.reason ?? 'unknown problem'}`);
      return ExitCode.failed;
    }
    io.out(
      `audit log intact: ${counted(result.entries, 'entry', 'entries')}, ` +
        `head ${result.head ?? 'none'}, ${counted(result.checkpoints, 'checkpoint', 'checkpoints')} verified`,
    );
    return ExitCode.ok;
  } finally {
    await client.end().catch(() => undefined);
  }
}
