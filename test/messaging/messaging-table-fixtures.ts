import { randomUUID } from 'node:crypto';
import {
  createDeviceCertificate,
  deviceCertificateToJson,
  type DeviceKeys,
  encryptEnvelope,
  envelopeToJson,
  generateDeviceKeys,
  generateIdentityKeyPair,
  type IdentityKeyPair,
  toBase64Url,
  utf8,
} from '@fpn/crypto';
import { type Principal, Role, UserEntity, UsersService } from '@fpn/identity';
import { CredentialDevices, KeyDirectory } from '@fpn/keys';
import { encodeDeliveryCursor, MessageSender, type MessagingCaller } from '@fpn/messaging';
import type { TestApp } from '@fpn/testing';
import { DataSource } from 'typeorm';

const NO_SESSION = '00000000-0000-4000-8000-000000000000';

/** A message as the table's rows need it: where it is, and the device that received it. */
export interface TableMessage {
  messageId: string;
  threadId: string;
  /** A device of the caller (the credential's bound one) that it was delivered to. */
  deviceId: string;
  /** That device's cursor for it. */
  cursor: string;
}

/**
 * Messages for the authorization table (test/authorization): sent through
 * MessageSender with envelopes signed here, by devices whose private keys
 * this file keeps. `accountOf` names the caller's account (for anonymous,
 * some account of the table's state); the table's API credential acts for
 * `credential.issuerId` through a device bound here on demand.
 */
export function messagingTableFixtures(
  app: TestApp,
  options: {
    accountOf: (caller: string) => Promise<string>;
    credential: () => { id: string; issuerId: string; memberStateCode: string };
    otherState: string;
  },
) {
  const dataSource = app.api.get(DataSource);
  const keys = app.api.get(KeyDirectory);
  const identities = new Map<string, IdentityKeyPair>();
  let serial = 0;

  async function principal(userId: string): Promise<Principal> {
    const user = await dataSource.manager.findOneByOrFail(UserEntity, { id: userId });
    return { user, sessionId: NO_SESSION } as Principal;
  }

  /** The account's identity key, one whose private half is here (changed to one if need be). */
  async function identityOf(userId: string): Promise<IdentityKeyPair> {
    const held = identities.get(userId);
    const current = await keys.myIdentityKey(await principal(userId));
    if (held && current?.publicKey.equals(held.publicKey)) return held;
    const identity = generateIdentityKeyPair();
    await keys.changeIdentityKey(
      await principal(userId),
      toBase64Url(identity.publicKey),
      true,
      {},
    );
    identities.set(userId, identity);
    return identity;
  }

  async function certificate(userId: string, device: DeviceKeys) {
    return deviceCertificateToJson(
      createDeviceCertificate({
        identity: await identityOf(userId),
        accountId: userId,
        device,
        issuedAt: app.clock.now(),
      }),
    );
  }

  const freshDevice = () => generateDeviceKeys(`table-messaging-${++serial}-${randomUUID()}`);

  /** A fresh active device of the account. */
  async function deviceOf(userId: string): Promise<DeviceKeys> {
    const device = freshDevice();
    await keys.registerDevice(await principal(userId), await certificate(userId, device), {});
    return device;
  }

  /** A fresh device bound to the table's credential (replacing the one bound before). */
  async function credentialDevice(): Promise<DeviceKeys> {
    const { id, issuerId } = options.credential();
    const device = freshDevice();
    await app.api
      .get(CredentialDevices)
      .bind(await principal(issuerId), id, await certificate(issuerId, device), {});
    return device;
  }

  async function account(role: Role, memberStateCode: string | null): Promise<string> {
    const user = await app.api.get(UsersService).create(
      {
        email: `table-messaging${++serial}@table.example`,
        displayName: 'Table messaging fixture',
        role,
        memberStateCode,
      },
      'quartz meadow lantern 1987',
    );
    return user.id;
  }

  async function messagingCallerOf(userId: string): Promise<MessagingCaller> {
    const user = await dataSource.manager.findOneByOrFail(UserEntity, { id: userId });
    const secretariat =
      user.role === Role.SECRETARIAT_ADMIN || user.role === Role.SECRETARIAT_OFFICER;
    return {
      kind: 'account',
      userId,
      role: user.role,
      memberStateCode: user.memberStateCode,
      secretariat,
    };
  }

  /** The devices the server expects for a message from `sender` (as libs/messaging computes them). */
  async function expectedDevices(accounts: string[], senderDeviceId: string) {
    const rows = await dataSource.query<{ device_id: string; encryption_public_key: Buffer }[]>(
      `SELECT d.device_id, d.encryption_public_key FROM device d
         JOIN user_account u ON u.id = d.user_id
         LEFT JOIN api_credential c ON c.id = d.api_credential_id
        WHERE d.user_id = ANY($1::uuid[]) AND d.status = 'active' AND u.status = 'active'
          AND (d.api_credential_id IS NULL OR (c.revoked_at IS NULL AND c.expires_at > $2))
          AND d.device_id <> $3`,
      [accounts, app.clock.now(), senderDeviceId],
    );
    return rows.map((row) => ({
      deviceId: row.device_id,
      encryptionPublicKey: new Uint8Array(row.encryption_public_key),
    }));
  }

  /** An envelope from `device` of `senderId` to the accounts' devices and the sender's other ones. */
  async function envelope(senderId: string, device: DeviceKeys, to: string[], threadId: string) {
    return envelopeToJson(
      encryptEnvelope({
        sender: device,
        recipients: await expectedDevices([senderId, ...to], device.deviceId),
        body: utf8('table fixture'),
        metadata: { category: 'NOTICE', priority: 'ROUTINE', handlingCode: 'H1' },
        ids: { messageId: randomUUID(), threadId },
      }),
    );
  }

  /** A direct message from a fresh Secretariat account to `userId`; returns ids. */
  async function fromSecretariatTo(
    userId: string,
  ): Promise<{ messageId: string; threadId: string }> {
    const peer = await account(Role.SECRETARIAT_OFFICER, null);
    const device = await deviceOf(peer);
    const threadId = randomUUID();
    const json = await envelope(peer, device, [userId], threadId);
    await app.api
      .get(MessageSender)
      .send(await messagingCallerOf(peer), { envelope: JSON.stringify(json), to: { userId } }, {});
    return { messageId: json.messageId, threadId };
  }

  async function cursorOf(messageId: string, deviceId: string): Promise<string> {
    const [row] = await dataSource.query<{ id: string }[]>(
      'SELECT id FROM message_delivery WHERE message_id = $1 AND device_id = $2',
      [messageId, deviceId],
    );
    return encodeDeliveryCursor(row.id);
  }

  /** Who sends for the caller, through which fresh device (the credential: its bound one). */
  async function senderFor(caller: string) {
    if (caller === 'API_CREDENTIAL') {
      const { id, issuerId, memberStateCode } = options.credential();
      const sender: MessagingCaller = {
        kind: 'credential',
        userId: issuerId,
        credentialId: id,
        memberStateCode,
        networkKeys: [],
      };
      return { sender, device: await credentialDevice() };
    }
    const userId = await options.accountOf(caller);
    return { sender: await messagingCallerOf(userId), device: await deviceOf(userId) };
  }

  /** sendMessage's input: a direct note from the caller to a fresh Secretariat account. */
  async function noteFromCaller(caller: string) {
    const { sender, device } = await senderFor(caller);
    const peer = await account(Role.SECRETARIAT_OFFICER, null);
    await deviceOf(peer);
    const json = await envelope(sender.userId, device, [peer], randomUUID());
    return { sender, input: { envelope: JSON.stringify(json), to: { userId: peer } } };
  }

  /** A message between a fresh Secretariat officer and a fresh focal point of the other state. */
  async function othersMessage(): Promise<TableMessage> {
    const recipient = await account(Role.FOCAL_POINT, options.otherState);
    const device = await deviceOf(recipient);
    const sent = await fromSecretariatTo(recipient);
    return {
      ...sent,
      deviceId: device.deviceId,
      cursor: await cursorOf(sent.messageId, device.deviceId),
    };
  }

  async function receivingDevice(caller: string): Promise<{ deviceId: string }> {
    const device =
      caller === 'API_CREDENTIAL'
        ? await credentialDevice()
        : await deviceOf(await options.accountOf(caller));
    return { deviceId: device.deviceId };
  }

  return {
    receivingDevice,
    othersMessage,

    /** A fresh Secretariat account with a device: anyone may address it. */
    async secretariatPeer(): Promise<{ userId: string }> {
      const userId = await account(Role.SECRETARIAT_OFFICER, null);
      await deviceOf(userId);
      return { userId };
    },

    async noteFromCaller(caller: string): Promise<{ input: object }> {
      return { input: (await noteFromCaller(caller)).input };
    },

    /** A message the caller sent, through MessageSender (anonymous: some account's). */
    async sentByCaller(caller: string): Promise<TableMessage> {
      const { sender, input } = await noteFromCaller(caller);
      const { message } = await app.api.get(MessageSender).send(sender, input, {});
      return { messageId: message.id, threadId: message.threadId, deviceId: '', cursor: '' };
    },

    /** A message sent to the caller (the credential: to its issuer, delivered to its device). */
    async sentToCaller(caller: string): Promise<TableMessage> {
      const credential = caller === 'API_CREDENTIAL';
      // For anonymous, `accountOf` makes a fresh account each time: ask once.
      const userId = credential ? options.credential().issuerId : await options.accountOf(caller);
      const device = credential ? await credentialDevice() : await deviceOf(userId);
      const sent = await fromSecretariatTo(userId);
      return {
        ...sent,
        deviceId: device.deviceId,
        cursor: await cursorOf(sent.messageId, device.deviceId),
      };
    },

    /** sendMessage's input: a valid envelope from the caller's device into others' thread. */
    async noteIntoOthersThread(caller: string): Promise<{ input: object }> {
      const others = await othersMessage();
      const { sender, device } = await senderFor(caller);
      const [{ recipient }] = await dataSource.query<{ recipient: string }[]>(
        'SELECT user_id AS recipient FROM message_recipient WHERE message_id = $1',
        [others.messageId],
      );
      const json = await envelope(sender.userId, device, [recipient], others.threadId);
      return { input: { envelope: JSON.stringify(json) } };
    },
  };
}
