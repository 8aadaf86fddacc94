import { AuditEventType, AuditService } from '@fpn/audit';
import { appEnvSchema, parseEnv } from '@fpn/config';
import { SystemClock } from '@fpn/core';
import { dataSourceOptions } from '@fpn/database';
import {
  argon2idHash,
  assertAcceptablePassword,
  assertEmailFree,
  Role,
  UserEntity,
  UserStatus,
  validateNewUser,
} from '@fpn/identity';
import { DataSource } from 'typeorm';
import { ExitCode, type CliContext } from '../cli-command';
import { readSecret } from '../read-secret';

const envSchema = appEnvSchema.pick({
  DATABASE_URL: true,
  DATABASE_CONNECT_TIMEOUT_MS: true,
  PASSWORD_HASH_MEMORY_KIB: true,
  PASSWORD_HASH_PASSES: true,
});

/** `admin:create`, loaded only when called (the command is declared in admin-create.command.ts). */
export async function run(
  options: { email: string; name: string },
  { env, io }: CliContext,
): Promise<number> {
  const config = parseEnv(envSchema, env);
  const fields = validateNewUser({
    email: options.email,
    displayName: options.name,
    role: Role.SECRETARIAT_ADMIN,
  });
  const password = await readSecret('Password (12 characters or more): ');
  assertAcceptablePassword(password, fields);
  const clock = new SystemClock();
  const dataSource = new DataSource(
    dataSourceOptions({
      url: config.DATABASE_URL,
      poolSize: 1,
      connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
      applicationName: 'fpn-cli',
    }),
  );
  await dataSource.initialize();
  try {
    const passwordHash = await argon2idHash(password, {
      passes: config.PASSWORD_HASH_PASSES,
      memoryKib: config.PASSWORD_HASH_MEMORY_KIB,
    });
    const user = await dataSource.transaction(async (manager) => {
      await assertEmailFree(manager, fields.email);
      const created = await manager.save(
        manager.create(UserEntity, {
          ...fields,
          status: UserStatus.ACTIVE,
          passwordHash,
          passwordChangedAt: clock.now(),
        }),
      );
      await new AuditService(dataSource, clock).record(manager, {
        type: AuditEventType.ACCOUNT_CREATED,
        subjectType: 'user',
        subjectId: created.id,
        actorRole: 'OPERATOR_CLI',
        details: { role: created.role, via: 'admin:create' },
      });
      return created;
    });
    io.out(`created ${user.role} ${user.email} (${user.id})`);
    return ExitCode.ok;
  } finally {
    await dataSource.destroy();
  }
}
