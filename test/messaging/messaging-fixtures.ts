import { randomUUID } from 'node:crypto';
import {
  createDeviceCertificate,
  deviceCertificateToJson,
  type DeviceKeys,
  encryptEnvelope,
  type EnvelopeJson,
  envelopeToJson,
  fromBase64Url,
  fromUtf8,
  generateDeviceKeys,
  generateIdentityKeyPair,
  type IdentityKeyPair,
  openEnvelope,
  parseEnvelope,
  PUBLIC_KEY_BYTES,
  toBase64Url,
  utf8,
  type VisibleMetadata,
} from '@fpn/crypto';
import type { Role } from '@fpn/identity';
import {
  addDirectoryEntry,
  createTestAccount,
  gql,
  GraphqlTestClient,
  type GraphqlResponse,
  signInTestAccount,
  type TestAccount,
  type TestApp,
  withPgClient,
} from '@fpn/testing';

/** Someone who sends and receives: an account (or a ministry system acting for one) and its keys. */
export interface Party {
  account: TestAccount;
  client: GraphqlTestClient;
  /** For graphql-ws: an access token, or a ministry system's credential secret. */
  token: string;
  identity: IdentityKeyPair;
  /** The devices whose private keys this test holds; the first sends by default. */
  devices: DeviceKeys[];
}

export interface To {
  networkKey?: string;
  memberStateCodes?: string[];
  focalPointIds?: string[];
  userId?: string;
  coordinators?: boolean;
}

export interface ReceivedMessage {
  id: string;
  threadId: string;
  senderUserId: string;
  senderDeviceId: string;
  senderMemberStateCode: string | null;
  category: string;
  priority: string;
  handlingCode: string;
  sourceReliability: string | null;
  informationAccuracy: string | null;
  dueDate: string | null;
  inReplyTo: string | null;
  sentAt: string;
  envelope: string;
  senderDevice: { deviceId: string; userId: string; certificate: { signingPublicKey: string } };
  attachments: { id: string; size: number }[];
}

export const MESSAGE_FIELDS = `id threadId senderUserId senderDeviceId senderMemberStateCode category
  priority handlingCode sourceReliability informationAccuracy dueDate inReplyTo sentAt envelope
  senderDevice { deviceId userId certificate { signingPublicKey } } attachments { id size }`;

export interface SentMessage {
  message: ReceivedMessage;
  duplicate: boolean;
  recipientAccounts: number;
  recipientDevices: number;
}

export const SEND = gql<
  { sendMessage: SentMessage },
  { input: { envelope: string; to?: To | null; inReplyTo?: string | null } }
>`
  mutation ($input: SendMessageInput!) {
    sendMessage(input: $input) { duplicate recipientAccounts recipientDevices message { ${MESSAGE_FIELDS} } }
  }
`;

export const INBOX = gql<
  {
    inbox: {
      items: { cursor: string; message: ReceivedMessage }[];
      endCursor: string | null;
      hasNextPage: boolean;
    };
  },
  { deviceId: string; after?: string | null; first?: number }
>`
  query ($deviceId: String!, $after: String, $first: Int) {
    inbox(deviceId: $deviceId, after: $after, first: $first) {
      items { cursor message { ${MESSAGE_FIELDS} } }
      endCursor
      hasNextPage
    }
  }
`;

export const RECEIVED = gql<
  { messageReceived: { cursor: string; message: ReceivedMessage } },
  { deviceId: string }
>`
  subscription ($deviceId: String!) {
    messageReceived(deviceId: $deviceId) { cursor message { ${MESSAGE_FIELDS} } }
  }
`;

export const CONFIRM = gql<{ confirmDelivery: number }, { deviceId: string; upTo: string }>`
  mutation ($deviceId: String!, $upTo: String!) {
    confirmDelivery(deviceId: $deviceId, upTo: $upTo)
  }
`;

export const STATUS = gql<
  {
    messageStatus: {
      messageId: string;
      states: {
        memberStateCode: string;
        recipients: number;
        delivered: number;
        acknowledged: number;
        read: number;
      }[];
    };
  },
  { messageId: string }
>`
  query ($messageId: String!) {
    messageStatus(messageId: $messageId) {
      messageId
      states {
        memberStateCode
        recipients
        delivered
        acknowledged
        read
      }
    }
  }
`;

export const AUDIENCE = gql<
  { messageAudience: string[] },
  { to?: To | null; threadId?: string | null }
>`
  query ($to: MessageAddressInput, $threadId: String) {
    messageAudience(to: $to, threadId: $threadId)
  }
`;

const DEVICE_KEYS = gql<
  { deviceKeys: { deviceId: string; certificate: { encryptionPublicKey: string } }[] },
  { ids: string[] }
>`
  query ($ids: [ID!]!) {
    deviceKeys(userIds: $ids) {
      deviceId
      certificate {
        encryptionPublicKey
      }
    }
  }
`;

const REGISTER_KEY = gql<{ registerIdentityKey: { userId: string } }, { k: string }>`
  mutation ($k: String!) {
    registerIdentityKey(publicKey: $k) {
      userId
    }
  }
`;

const REGISTER_DEVICE = gql<{ registerDevice: { deviceId: string } }, { c: object }>`
  mutation ($c: DeviceCertificateInput!) {
    registerDevice(certificate: $c) {
      deviceId
    }
  }
`;

export const METADATA: VisibleMetadata = {
  category: 'INFORMATION_EXCHANGE',
  priority: 'ROUTINE',
  handlingCode: 'H1',
};

/** Every messaging table, counted (as the owner). */
export const MESSAGING_TABLES = [
  'message_thread',
  'message_thread_participant',
  'message',
  'message_recipient',
  'message_delivery',
  'message_outbox',
] as const;

export function messagingFixtures(app: TestApp) {
  let serial = 0;

  const certificate = (who: Party, device: DeviceKeys) =>
    deviceCertificateToJson(
      createDeviceCertificate({
        identity: who.identity,
        accountId: who.account.id,
        device,
        issuedAt: app.clock.now(),
      }),
    );

  async function addDevice(who: Party): Promise<DeviceKeys> {
    const device = generateDeviceKeys(`device-${++serial}-${randomUUID().slice(0, 8)}`);
    await who.client.query(REGISTER_DEVICE, { c: certificate(who, device) });
    who.devices.push(device);
    return device;
  }

  /** An account signed in, with an identity key, its devices and (if given) directory entries. */
  async function person(options: {
    role: Role;
    state: string | null;
    networks?: { key: string; role?: 'primary' | 'alternate' }[];
    devices?: number;
  }): Promise<Party & { entryId: string | null }> {
    const account = await createTestAccount(app, {
      email: `messaging${++serial}@messaging.example`,
      role: options.role,
      memberStateCode: options.state,
    });
    const entryId = options.networks
      ? await addDirectoryEntry(app, account, options.networks)
      : null;
    const session = await signInTestAccount(app, account);
    const identity = generateIdentityKeyPair();
    await session.client.query(REGISTER_KEY, { k: toBase64Url(identity.publicKey) });
    const party: Party = {
      account,
      client: session.client,
      token: session.accessToken,
      identity,
      devices: [],
    };
    for (let i = 0; i < (options.devices ?? 1); i++) await addDevice(party);
    return { ...party, entryId };
  }

  /** Signs in again (moving the clock past the access token's life ends it). */
  async function refresh(who: Party): Promise<void> {
    const session = await signInTestAccount(app, who.account);
    who.client = session.client;
    who.token = session.accessToken;
  }

  /**
   * The devices the SDK would encrypt to: the audience's active devices and
   * the sender's own other devices, read from the key directory.
   */
  async function recipientsFor(
    sender: Party,
    query: { to?: To; threadId?: string },
    device = sender.devices[0],
  ) {
    const { messageAudience } = await sender.client.query(AUDIENCE, {
      to: query.to ?? null,
      threadId: query.threadId ?? null,
    });
    const { deviceKeys } = await sender.client.query(DEVICE_KEYS, {
      ids: [...messageAudience, sender.account.id],
    });
    return deviceKeys
      .filter((d) => d.deviceId !== device.deviceId)
      .map((d) => ({
        deviceId: d.deviceId,
        encryptionPublicKey: fromBase64Url(
          d.certificate.encryptionPublicKey,
          'encryptionPublicKey',
          PUBLIC_KEY_BYTES,
        ),
      }));
  }

  function envelope(
    device: DeviceKeys,
    recipients: { deviceId: string; encryptionPublicKey: Uint8Array }[],
    options: { messageId?: string; threadId?: string; body?: string; metadata?: VisibleMetadata },
  ): EnvelopeJson {
    return envelopeToJson(
      encryptEnvelope({
        sender: device,
        recipients,
        body: utf8(options.body ?? `hello ${++serial}`),
        metadata: options.metadata ?? METADATA,
        ids: {
          messageId: options.messageId ?? randomUUID(),
          threadId: options.threadId ?? randomUUID(),
        },
      }),
    );
  }

  /**
   * Sends as the SDK would: the audience's devices from the directory, an
   * envelope to them, sendMessage. `edit` changes the envelope before it goes.
   */
  async function send(
    sender: Party,
    options: {
      to?: To;
      threadId?: string;
      messageId?: string;
      body?: string;
      metadata?: VisibleMetadata;
      inReplyTo?: string;
      device?: DeviceKeys;
      edit?: (json: EnvelopeJson) => EnvelopeJson | string;
      recipients?: { deviceId: string; encryptionPublicKey: Uint8Array }[];
    } = {},
  ): Promise<{ response: GraphqlResponse<{ sendMessage: SentMessage }>; json: EnvelopeJson }> {
    const device = options.device ?? sender.devices[0];
    const threadId = options.threadId ?? randomUUID();
    const recipients =
      options.recipients ??
      (await recipientsFor(
        sender,
        options.to ? { to: options.to } : { threadId: options.threadId },
        device,
      ));
    const json = envelope(device, recipients, { ...options, threadId });
    const edited = options.edit ? options.edit(structuredClone(json)) : json;
    const response = await sender.client.request(SEND, {
      input: {
        envelope: typeof edited === 'string' ? edited : JSON.stringify(edited),
        to: options.to ?? null,
        inReplyTo: options.inReplyTo ?? null,
      },
    });
    return { response, json };
  }

  /** Sends and expects success. */
  async function sent(sender: Party, options: Parameters<typeof send>[1] = {}) {
    const { response, json } = await send(sender, options);
    if (response.errors?.length) {
      throw new Error(`send refused: ${JSON.stringify(response.errors[0])}`);
    }
    return { ...response.data!.sendMessage, json };
  }

  return { person, addDevice, refresh, recipientsFor, envelope, send, sent, certificate };
}

/** Verifies a received message against its sender device's key and decrypts it as `device`. */
export function openAs(device: DeviceKeys, message: ReceivedMessage): string {
  const envelope = parseEnvelope(message.envelope);
  const signingKey = fromBase64Url(
    message.senderDevice.certificate.signingPublicKey,
    'signingPublicKey',
    PUBLIC_KEY_BYTES,
  );
  return fromUtf8(openEnvelope(envelope, device, signingKey).body);
}

/** Rows of every messaging table, as the owner sees them. */
export async function messagingRowCounts(app: TestApp): Promise<Record<string, number>> {
  return withPgClient(app.database.ownerUrl, async (client) => {
    const counts: Record<string, number> = {};
    for (const table of MESSAGING_TABLES) {
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      counts[table] = rows[0].n;
    }
    return counts;
  });
}
