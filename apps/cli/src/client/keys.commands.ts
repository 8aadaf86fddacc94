import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FpnClient } from '@fpn/client';
import { ApiError, writeSecretFile } from '@fpn/client';
import { ExitCode } from '../cli-command';
import {
  ClientUsageError,
  clientCommand,
  clientHome,
  openClient,
  type ClientOptions,
} from './client-context';

/** An account id, or the id of a directory entry whose linked account is meant. */
async function accountOf(client: FpnClient, who: string): Promise<string> {
  try {
    const entry = await client.directory.show(who);
    if (!entry.accountId) {
      throw new ClientUsageError(`${entry.fullName} has no active account to hold keys yet`);
    }
    return entry.accountId;
  } catch (error) {
    if (
      error instanceof ApiError &&
      (error.code === 'NOT_FOUND' || error.code === 'BAD_USER_INPUT')
    ) {
      return who;
    }
    throw error;
  }
}

export const keysInitCommand = clientCommand<ClientOptions & { replace?: boolean }>({
  name: 'keys init',
  summary: 'create your identity key and this device’s keys (first device only)',
  define: (cmd) =>
    cmd.option(
      '--replace',
      'replace an identity key set up elsewhere (a key change everyone is warned of; prefer `keys restore`)',
    ),
  async run(options, context) {
    const client = await openClient(options, context);
    if (client.session.actingAsApiCredential) {
      // A ministry system: device keys only, certified by the person who issued the credential.
      const request = await client.keys.initMinistrySystem();
      const file = `system-device-${request.deviceId}.json`;
      await writeSecretFile(
        path.join(clientHome(context.env), file),
        JSON.stringify(request, null, 2),
      );
      return {
        data: request,
        lines: [
          `Device keys created for this ministry system: device ${request.deviceId}, acting for account ${request.accountId}.`,
          `Its certification request (public keys only) is in ${path.join(clientHome(context.env), file)}.`,
          'Next: the person who issued the credential runs `fpn keys certify-system <that file>`.',
        ],
      };
    }
    const created = await client.keys.init({ replaceExisting: options.replace });
    return {
      data: created,
      lines: [
        `Identity key created; this device is ${created.deviceId}.`,
        `Your fingerprint: ${created.fingerprint}`,
        'Next: `fpn keys backup`, so a lost device is not a lost identity.',
      ],
    };
  },
});

export const keysCertifySystemCommand = clientCommand<ClientOptions>({
  name: 'keys certify-system',
  summary:
    "certify a ministry system's device for an API credential you issued (your identity signs it)",
  define: (cmd) =>
    cmd.argument('<request-file>', 'the request the system printed at `fpn keys init`'),
  async run(options, context, [file]) {
    const client = await openClient(options, context);
    const device = await client.keys.certifyMinistrySystem(await readFile(file, 'utf8'));
    return {
      data: device,
      lines: [
        `Certified ministry-system device ${device.deviceId}; it now receives what is addressed to you, while the credential is valid.`,
      ],
    };
  },
});

export const keysShowCommand = clientCommand<ClientOptions>({
  name: 'keys show',
  summary: 'your identity fingerprint, your devices and the identities you have pinned',
  async run(options, context) {
    const client = await openClient(options, context);
    const shown = await client.keys.show();
    return {
      data: shown,
      lines: [
        `Account ${shown.accountId}`,
        `Fingerprint ${shown.fingerprint}`,
        `Backup: ${shown.backup ? 'published' : 'none — run `fpn keys backup`'}`,
        'Devices:',
        ...shown.devices.map(
          (device) =>
            `  ${device.deviceId}${device.deviceId === shown.thisDeviceId ? ' (this device)' : ''}  ${device.status}${device.certificateValid ? '' : '  CERTIFICATE DOES NOT VERIFY'}`,
        ),
        `Pinned identities: ${shown.pins.length}`,
        ...shown.pins.map(
          (pin) => `  ${pin.accountId}  ${pin.verified ? 'verified' : 'unverified'}`,
        ),
      ],
    };
  },
});

export const keysVerifyCommand = clientCommand<ClientOptions & { safetyNumber?: string }>({
  name: 'keys verify',
  summary: 'show the safety number with someone; with --safety-number, compare and mark verified',
  define: (cmd) =>
    cmd
      .argument('<who>', 'a directory entry id (focal point) or an account id')
      .option('--safety-number <digits>', 'the 60 digits the other person reads to you'),
  async run(options, context, [who]) {
    const client = await openClient(options, context);
    const accountId = await accountOf(client, who);
    if (options.safetyNumber === undefined) {
      const view = await client.keys.safetyNumber(accountId);
      return {
        data: view,
        lines: [
          `Safety number with ${accountId} (${view.verified ? 'verified' : view.status === 'trusted' ? 'unverified' : view.status}):`,
          `  ${view.groups.slice(0, 6).join(' ')}`,
          `  ${view.groups.slice(6).join(' ')}`,
          'Compare it with theirs (in person or by phone), then: fpn keys verify <who> --safety-number "<digits>"',
        ],
      };
    }
    const view = await client.keys.verify(accountId, options.safetyNumber);
    return { data: view, lines: [`${accountId} is verified.`] };
  },
});

export const keysChangesCommand = clientCommand<ClientOptions>({
  name: 'keys changes',
  summary: 'identities whose key differs from the one you pinned (announced or not)',
  async run(options, context) {
    const client = await openClient(options, context);
    const warnings = await client.keys.keyChangeWarnings();
    return {
      data: warnings,
      status: warnings.length ? ExitCode.failed : ExitCode.ok,
      lines: warnings.length
        ? warnings.map(
            (warning) =>
              `${warning.own ? 'YOUR OWN KEY' : warning.accountId}: key changed${warning.announced ? '' : ' WITHOUT ANNOUNCEMENT'}${warning.wasVerified ? ' (was verified)' : ''} — was ${warning.pinnedFingerprint}, now ${warning.serverFingerprint}`,
          )
        : ['No key changes.'],
    };
  },
});

export const keysAcceptChangeCommand = clientCommand<ClientOptions>({
  name: 'keys accept-change',
  summary: 'trust someone’s new identity key after a warning (pinned unverified)',
  define: (cmd) => cmd.argument('<who>', 'a directory entry id or an account id'),
  async run(options, context, [who]) {
    const client = await openClient(options, context);
    const accountId = await accountOf(client, who);
    const identity = await client.keys.acceptKeyChange(accountId);
    return {
      data: identity,
      lines: [
        identity.status === 'changed'
          ? `${accountId}: the new key is pinned (unverified). Compare safety numbers: fpn keys verify ${who}`
          : `${accountId}: no change to accept.`,
      ],
    };
  },
});

export const keysBackupCommand = clientCommand<ClientOptions & { passphrase?: boolean }>({
  name: 'keys backup',
  summary: 'publish a key backup; prints a recovery key to keep safe (or uses a passphrase)',
  define: (cmd) =>
    cmd.option('--passphrase', 'protect it with a backup passphrase instead (asked for twice)'),
  async run(options, context) {
    const client = await openClient(options, context);
    let passphrase: string | undefined;
    if (options.passphrase) {
      if (!context.secrets)
        throw new ClientUsageError('no terminal or input to read the passphrase');
      passphrase = await context.secrets.read('Backup passphrase: ', { confirm: true });
    }
    const { recoveryKey, entries } = await client.keys.backup({ passphrase });
    return {
      data: { recoveryKey, entries },
      lines: recoveryKey
        ? [
            'Backup published. Your recovery key — write it down and keep it offline; it is shown only now:',
            `  ${recoveryKey}`,
          ]
        : ['Backup published under your backup passphrase.'],
    };
  },
});

export const keysRestoreCommand = clientCommand<ClientOptions & { passphrase?: boolean }>({
  name: 'keys restore',
  summary: 'set up this device from your key backup (recovery key, or --passphrase)',
  define: (cmd) => cmd.option('--passphrase', 'the backup was made with a backup passphrase'),
  async run(options, context) {
    const client = await openClient(options, context);
    if (!context.secrets) throw new ClientUsageError('no terminal or input to read the secret');
    const secret = options.passphrase
      ? { passphrase: await context.secrets.read('Backup passphrase: ') }
      : { recoveryKey: await context.secrets.read('Recovery key: ') };
    const restored = await client.keys.restore(secret);
    return {
      data: restored,
      lines: [
        `Restored your identity (fingerprint ${restored.fingerprint}); this device is ${restored.deviceId}.`,
        `${restored.messageKeys} message keys restored${restored.unreadableEntries ? `, ${restored.unreadableEntries} entries could not be opened` : ''}.`,
      ],
    };
  },
});

export const keysRevokeDeviceCommand = clientCommand<ClientOptions>({
  name: 'keys revoke-device',
  summary: 'revoke one of your devices (lost or retired); it receives nothing more',
  define: (cmd) => cmd.argument('<device-id>', 'as `fpn keys show` lists it'),
  async run(options, context, [deviceId]) {
    const client = await openClient(options, context);
    const device = await client.keys.revokeDevice(deviceId);
    return {
      data: device,
      lines: [`Device ${device.deviceId} is ${device.status.toLowerCase()}.`],
    };
  },
});
