import type { CliCommand } from '../cli-command';
import { adminCreateCommand } from './admin-create.command';
import { auditPublicKeyCommand } from './audit-public-key.command';
import { auditVerifyCommand } from './audit-verify.command';
import { seedSyntheticCommand } from './seed-synthetic.command';

/** Every command of `npm run cli`, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  adminCreateCommand,
  auditVerifyCommand,
  auditPublicKeyCommand,
  seedSyntheticCommand,
];
