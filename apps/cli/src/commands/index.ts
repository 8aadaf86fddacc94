import type { CliCommand } from '../cli-command';
import { adminCreateCommand } from './admin-create.command';
import { auditPublicKeyCommand } from './audit-public-key.command';
import { auditVerifyCommand } from './audit-verify.command';
import { seedSyntheticCommand } from './seed-synthetic.command';
import {
  directoryExportCommand,
  directorySearchCommand,
  directoryShowCommand,
} from '../client/directory.commands';
import {
  keysAcceptChangeCommand,
  keysBackupCommand,
  keysCertifySystemCommand,
  keysChangesCommand,
  keysInitCommand,
  keysRestoreCommand,
  keysRevokeDeviceCommand,
  keysShowCommand,
  keysVerifyCommand,
} from '../client/keys.commands';
import {
  ackCommand,
  inboxCommand,
  readCommand,
  replyCommand,
  sendCommand,
  statusCommand,
  threadCommand,
  threadsCommand,
  watchCommand,
} from '../client/messaging.commands';
import {
  requestCloseCommand,
  requestPolicyCommand,
  requestStatsCommand,
  requestStatusCommand,
} from '../client/requests.commands';
import { downloadCommand } from '../client/attachments.commands';
import {
  notesDownloadCommand,
  notesIssueCommand,
  notesListCommand,
  notesShowCommand,
} from '../client/notes.commands';
import {
  procedureAmendCommand,
  procedureConcurCommand,
  procedureListCommand,
  procedureObjectCommand,
  procedureShowCommand,
  procedureWithdrawObjectionCommand,
} from '../client/procedures.commands';
import { loginCommand, logoutCommand, whoamiCommand } from '../client/session.commands';
import {
  webhooksDeleteCommand,
  webhooksListCommand,
  webhooksRegisterCommand,
  webhooksRetryFailedCommand,
  webhooksStatusCommand,
} from '../client/webhooks.commands';

/** What `--help` says of each group of commands. */
export const COMMAND_GROUPS: Record<string, string> = {
  keys: 'your identity key, devices, safety numbers, backup',
  directory: 'search, show and export the directory',
  request: 'requests for assistance: status per state, closing, deadlines, statistics',
  notes: "the Secretariat's numbered notes: list, read, download, issue",
  procedure: 'silence procedures: list, show, concur, object, amend, withdraw an objection',
  webhooks: "a ministry system's webhooks, and their deliveries",
};

/** Every command of `fpn`, in the order `--help` lists them: the client's, then the operators'. */
export const COMMANDS: readonly CliCommand[] = [
  loginCommand,
  logoutCommand,
  whoamiCommand,
  keysInitCommand,
  keysShowCommand,
  keysVerifyCommand,
  keysChangesCommand,
  keysAcceptChangeCommand,
  keysBackupCommand,
  keysRestoreCommand,
  keysRevokeDeviceCommand,
  keysCertifySystemCommand,
  directorySearchCommand,
  directoryShowCommand,
  directoryExportCommand,
  sendCommand,
  inboxCommand,
  readCommand,
  downloadCommand,
  replyCommand,
  ackCommand,
  statusCommand,
  threadsCommand,
  threadCommand,
  watchCommand,
  requestStatusCommand,
  requestCloseCommand,
  requestPolicyCommand,
  requestStatsCommand,
  notesListCommand,
  notesShowCommand,
  notesDownloadCommand,
  notesIssueCommand,
  procedureListCommand,
  procedureShowCommand,
  procedureConcurCommand,
  procedureObjectCommand,
  procedureAmendCommand,
  procedureWithdrawObjectionCommand,
  webhooksRegisterCommand,
  webhooksListCommand,
  webhooksDeleteCommand,
  webhooksStatusCommand,
  webhooksRetryFailedCommand,
  adminCreateCommand,
  auditVerifyCommand,
  auditPublicKeyCommand,
  seedSyntheticCommand,
];
