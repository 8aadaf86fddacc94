import { randomBytes, randomUUID } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import {
  createDeviceCertificate,
  deviceCertificateToJson,
  type DeviceKeys,
  encryptEnvelope,
  envelopeToJson,
  fromUtf8,
  generateDeviceKeys,
  generateIdentityKeyPair,
  type IdentityKeyPair,
  openEnvelope,
  parseEnvelope,
  toBase64Url,
  utf8,
} from '@fpn/crypto';
import { Role } from '@fpn/identity';
import {
  addDirectoryEntry,
  createTestAccount,
  eventually,
  gql,
  GraphqlTestClient,
  signInTestAccount,
  startTestApp,
  type TestAccount,
  type TestApp,
  type TestAppOptions,
  withPgClient,
} from '@fpn/testing';

/** Shortened BullMQ lock and stalled check: a killed worker's jobs run elsewhere within ~3 s. */
export const FAST_TAKEOVER_ENV = {
  QUEUE_LOCK_DURATION_MS: '2000',
  QUEUE_STALLED_INTERVAL_MS: '500',
};

export const NETWORK = 'law-enforcement';

/**
 * The real api (and, unless `worker: false`, worker) for one test file, with
 * short BullMQ locks. Its clock starts at the system time, as replicas run on it.
 */
export async function startReliabilityApp(options: TestAppOptions = {}): Promise<TestApp> {
  const app = await startTestApp({ ...options, env: { ...FAST_TAKEOVER_ENV, ...options.env } });
  app.clock.set(new Date());
  return app;
}

// --- GraphQL, as the contract names it --------------------------------------------------------

const REGISTER_IDENTITY_KEY = gql<{ registerIdentityKey: { userId: string } }, { key: string }>`
  mutation ($key: String!) {
    registerIdentityKey(publicKey: $key) {
      userId
    }
  }
`;
const REGISTER_DEVICE = gql<
  { registerDevice: { deviceId: string } },
  { certificate: ReturnType<typeof deviceCertificateToJson> }
>`
  mutation ($certificate: DeviceCertificateInput!) {
    registerDevice(certificate: $certificate) {
      deviceId
    }
  }
`;

export interface MessageAddress {
  networkKey?: string;
  memberStateCodes?: string[];
  focalPointIds?: string[];
  userId?: string;
}

export interface SentMessage {
  duplicate: boolean;
  recipientDevices: number;
  message: { id: string; threadId: string; envelope: string };
}

export const SEND_MESSAGE = gql<
  { sendMessage: SentMessage },
  { input: { envelope: string; to?: MessageAddress; inReplyTo?: string } }
>`
  mutation SendMessage($input: SendMessageInput!) {
    sendMessage(input: $input) {
      duplicate
      recipientDevices
      message {
        id
        threadId
        envelope
      }
    }
  }
`;

export const MESSAGE_AUDIENCE = gql<{ messageAudience: string[] }, { to: MessageAddress }>`
  query MessageAudience($to: MessageAddressInput) {
    messageAudience(to: $to)
  }
`;

interface DeliveredItem {
  cursor: string;
  message: { id: string; senderDeviceId: string; envelope: string };
}

const INBOX = gql<
  { inbox: { items: DeliveredItem[]; endCursor: string | null; hasNextPage: boolean } },
  { deviceId: string; after: string | null; first: number }
>`
  query Inbox($deviceId: String!, $after: String, $first: Int) {
    inbox(deviceId: $deviceId, after: $after, first: $first) {
      items {
        cursor
        message {
          id
          senderDeviceId
          envelope
        }
      }
      endCursor
      hasNextPage
    }
  }
`;

const MESSAGE_RECEIVED = `
  subscription MessageReceived($deviceId: String!) {
    messageReceived(deviceId: $deviceId) {
      cursor
      message {
        id
        senderDeviceId
        envelope
      }
    }
  }
`;

// --- people, keys and devices ------------------------------------------------------------------

/** A focal point as their devices know them: the account, a signed-in session, private keys. */
export interface Member {
  account: TestAccount;
  accessToken: string;
  /** Signed in, against the in-process api. */
  client: GraphqlTestClient;
  identity: IdentityKeyPair;
  devices: DeviceKeys[];
}

/** The member's session against another api replica. */
export const clientAt = (member: Member, baseUrl: string) =>
  new GraphqlTestClient(`${baseUrl}/graphql`).asBearer(member.accessToken);

let serial = 0;

/**
 * A focal point of `state` in `network` with an account, signed in, with an
 * identity key and `devices` devices registered over GraphQL (the private
 * keys stay here, as on the person's devices). Call `initCrypto()` first.
 */
export async function enrolMember(
  app: TestApp,
  options: { state: string; network?: string; devices?: number },
): Promise<Member> {
  const tag = `${++serial}-${randomBytes(3).toString('hex')}`;
  const account = await createTestAccount(app, {
    email: `fp${tag}@police.${options.state.toLowerCase()}.example`,
    role: Role.FOCAL_POINT,
    memberStateCode: options.state,
  });
  await addDirectoryEntry(app, account, [{ key: options.network ?? NETWORK }]);
  const session = await signInTestAccount(app, account);
  const identity = generateIdentityKeyPair();
  await session.client.query(REGISTER_IDENTITY_KEY, { key: toBase64Url(identity.publicKey) });
  const devices: DeviceKeys[] = [];
  for (let i = 0; i < (options.devices ?? 1); i += 1) {
    const device = generateDeviceKeys(`dev-${tag}-${i}-${randomUUID()}`);
    const certificate = deviceCertificateToJson(
      createDeviceCertificate({
        identity,
        accountId: account.id,
        device,
        issuedAt: app.clock.now(),
      }),
    );
    await session.client.query(REGISTER_DEVICE, { certificate });
    devices.push(device);
  }
  return {
    account,
    accessToken: session.accessToken,
    client: session.client,
    identity,
    devices,
  };
}

/** Everyone in one network thread: who gets what a device sends, and whose key signed what. */
export class Roster {
  constructor(readonly members: Member[]) {}

  get devices(): DeviceKeys[] {
    return this.members.flatMap((member) => member.devices);
  }

  /** The devices a message from `sender` is sealed to: every other device of the roster. */
  recipientsOf(sender: DeviceKeys): DeviceKeys[] {
    return this.devices.filter((device) => device.deviceId !== sender.deviceId);
  }

  /** The sender device's signing key, as the recipient checked it against the pinned identity. */
  signingKeyOf(deviceId: string): Uint8Array {
    const device = this.devices.find((candidate) => candidate.deviceId === deviceId);
    if (!device) throw new Error(`unknown sender device ${deviceId}`);
    return device.signing.publicKey;
  }

  ownerOf(device: DeviceKeys): Member {
    return this.members.find((member) => member.devices.includes(device))!;
  }
}

/** An envelope the test sealed, ready for `sendMessage`. */
export interface Outgoing {
  messageId: string;
  threadId: string;
  /** EnvelopeJson as text, exactly as sent. */
  envelope: string;
  /** Devices it is sealed to. */
  recipients: string[];
}

/**
 * Encrypts and signs a message as the sender device does: the body (the SDK's
 * JSON: subject and text) under a fresh content key sealed to each recipient
 * device. A new thread unless `threadId` is given.
 */
export function sealMessage(options: {
  from: DeviceKeys;
  to: DeviceKeys[];
  text: string;
  subject?: string;
  threadId?: string;
  messageId?: string;
}): Outgoing {
  const ids = {
    messageId: options.messageId ?? randomUUID(),
    threadId: options.threadId ?? randomUUID(),
  };
  const envelope = encryptEnvelope({
    sender: options.from,
    recipients: options.to.map((device) => ({
      deviceId: device.deviceId,
      encryptionPublicKey: device.encryption.publicKey,
    })),
    body: utf8(JSON.stringify({ subject: options.subject ?? 'Reliability', text: options.text })),
    metadata: { category: 'INFORMATION_EXCHANGE', priority: 'URGENT', handlingCode: 'H1' },
    ids,
  });
  return {
    ...ids,
    envelope: JSON.stringify(envelopeToJson(envelope)),
    recipients: options.to.map((device) => device.deviceId),
  };
}

/** Sends a sealed message: to the whole network when it opens a thread. */
export async function sendSealed(
  client: GraphqlTestClient,
  outgoing: Outgoing,
  to: MessageAddress | undefined = { networkKey: NETWORK },
): Promise<SentMessage> {
  const { sendMessage } = await client.query(SEND_MESSAGE, {
    input: { envelope: outgoing.envelope, ...(to ? { to } : {}) },
  });
  return sendMessage;
}

/** Fails unless the server's audience of a network thread is exactly the roster (minus the sender). */
export async function expectNetworkAudience(roster: Roster, sender: Member): Promise<void> {
  const { messageAudience } = await sender.client.query(MESSAGE_AUDIENCE, {
    to: { networkKey: NETWORK },
  });
  const expected = roster.members
    .filter((member) => member !== sender)
    .map((member) => member.account.id);
  if ([...messageAudience].sort().join() !== [...expected].sort().join()) {
    throw new Error(
      `network audience ${messageAudience.join()} is not the roster ${expected.join()}`,
    );
  }
}

// --- receiving, judged as a client does ------------------------------------------------------

/**
 * One device as the SDK runs it: live pushes, then `inbox` catch-up from its
 * cursor; a message id seen before is dropped; each new message is verified
 * against the sender device's key and decrypted.
 */
export class DeviceInbox {
  /** Every live push, in arrival order, repeats included. */
  readonly pushed: string[] = [];
  /** Each message once: id → the decrypted body text. */
  readonly messages = new Map<string, string>();
  /** Called on every live push, as it arrives (a test may act at that very moment). */
  readonly onPush = new Set<(messageId: string) => void>();
  /** Ids the server listed twice in this device's inbox (must stay empty). */
  readonly listedTwice: string[] = [];
  private readonly listed = new Set<string>();
  private cursor: string | null = null;

  constructor(
    readonly device: DeviceKeys,
    readonly owner: Member,
    private readonly roster: Roster,
  ) {}

  /** What the device has, once each, whichever way it came. */
  has(messageId: string): boolean {
    return this.messages.has(messageId);
  }

  /** Messages that did not verify or decrypt (must stay empty): `id: reason`. */
  readonly rejected: string[] = [];

  receive(item: DeliveredItem): void {
    const { message } = item;
    if (this.messages.has(message.id)) return;
    try {
      const opened = openEnvelope(
        parseEnvelope(message.envelope),
        this.device,
        this.roster.signingKeyOf(message.senderDeviceId),
      );
      const body = JSON.parse(fromUtf8(opened.body)) as { text: string };
      this.messages.set(message.id, body.text);
    } catch (error) {
      this.rejected.push(`${message.id}: ${(error as Error).message}`);
    }
  }

  /** Pages through `inbox` after the cursor it last reached, as a device coming back online does. */
  async catchUp(baseUrl: string): Promise<void> {
    const client = clientAt(this.owner, baseUrl);
    for (;;) {
      const { inbox } = await client.query(INBOX, {
        deviceId: this.device.deviceId,
        after: this.cursor,
        first: 100,
      });
      for (const item of inbox.items) {
        if (this.listed.has(item.message.id)) this.listedTwice.push(item.message.id);
        this.listed.add(item.message.id);
        this.receive(item);
      }
      if (inbox.endCursor) this.cursor = inbox.endCursor;
      if (!inbox.hasNextPage) return;
    }
  }
}

/** Live pushes for the devices of one member over one graphql-ws socket to one api replica. */
export class LiveSocket {
  private readonly client: Client;
  readonly errors: unknown[] = [];

  constructor(baseUrl: string, member: Member) {
    this.client = createClient({
      url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${member.accessToken}` },
      lazy: false,
      retryAttempts: 0,
      onNonLazyError: (error) => this.errors.push(error),
    });
  }

  /** Delivers each push for the inbox's device into it. */
  watch(inbox: DeviceInbox): void {
    this.client.subscribe<{ messageReceived: DeliveredItem }>(
      { query: MESSAGE_RECEIVED, variables: { deviceId: inbox.device.deviceId } },
      {
        next: (result) => {
          if (result.errors?.length) this.errors.push(result.errors);
          const item = result.data?.messageReceived;
          if (!item) return;
          inbox.pushed.push(item.message.id);
          inbox.receive(item);
          for (const listener of inbox.onPush) listener(item.message.id);
        },
        error: (error) => this.errors.push(error),
        complete: () => undefined,
      },
    );
  }

  close(): Promise<void> {
    return Promise.resolve(this.client.dispose());
  }
}

/**
 * An inbox for every device of `members` (default: the whole roster), and a
 * socket per member on `liveUrl` when given (none: they only catch up).
 */
export function openInboxes(
  roster: Roster,
  liveUrl?: string,
  members: Member[] = roster.members,
): { inboxes: DeviceInbox[]; sockets: LiveSocket[] } {
  const inboxes: DeviceInbox[] = [];
  const sockets: LiveSocket[] = [];
  for (const member of members) {
    const socket = liveUrl ? new LiveSocket(liveUrl, member) : undefined;
    if (socket) sockets.push(socket);
    for (const device of member.devices) {
      const inbox = new DeviceInbox(device, member, roster);
      socket?.watch(inbox);
      inboxes.push(inbox);
    }
  }
  return { inboxes, sockets };
}

/** What each inbox lacks of what was sent to its device. */
export function missing(inboxes: DeviceInbox[], sent: Outgoing[]): Record<string, string[]> {
  const gaps: Record<string, string[]> = {};
  for (const inbox of inboxes) {
    const lacking = sent
      .filter((message) => message.recipients.includes(inbox.device.deviceId))
      .filter((message) => !inbox.has(message.messageId))
      .map((message) => message.messageId);
    if (lacking.length) gaps[inbox.device.deviceId] = lacking;
  }
  return gaps;
}

/**
 * Waits until every device holds every message sent to it: live pushes as
 * they come, and an `inbox` catch-up now and then, as a client does after a
 * reconnect. Rejects with what is still missing.
 */
export async function untilEveryDeviceHasEverything(
  inboxes: DeviceInbox[],
  sent: Outgoing[],
  options: { catchUpUrl?: string; timeoutMs?: number; catchUpEveryMs?: number } = {},
): Promise<void> {
  const deadline = performance.now() + (options.timeoutMs ?? 20_000);
  let lastCatchUp = performance.now();
  for (;;) {
    const gaps = missing(inboxes, sent);
    if (Object.keys(gaps).length === 0) return;
    if (performance.now() > deadline) {
      const rejected = inboxes.flatMap((inbox) => inbox.rejected);
      throw new Error(
        `devices still missing messages: ${JSON.stringify(gaps)}; rejected: ${JSON.stringify(rejected)}`,
      );
    }
    if (options.catchUpUrl && performance.now() - lastCatchUp > (options.catchUpEveryMs ?? 1_000)) {
      await Promise.all(
        inboxes
          .filter((inbox) => gaps[inbox.device.deviceId])
          .map((inbox) => inbox.catchUp(options.catchUpUrl!)),
      );
      lastCatchUp = performance.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** What went wrong on the receiving side: messages that did not open, socket or subscription errors. */
export function receptionProblems(inboxes: DeviceInbox[], sockets: LiveSocket[] = []): string[] {
  return [
    ...inboxes.flatMap((inbox) => inbox.rejected),
    ...sockets.flatMap((socket) => socket.errors.map((error) => JSON.stringify(error))),
  ];
}

/** Waits until every inbox got a live push of `messageId` (live only, no catch-up). */
export function untilPushedEverywhere(
  inboxes: DeviceInbox[],
  messageId: string,
  timeoutMs = 10_000,
) {
  return eventually(
    () => (inboxes.every((inbox) => inbox.pushed.includes(messageId)) ? true : undefined),
    timeoutMs,
  );
}

// --- the server's records ----------------------------------------------------------------------

/** Delivery rows of these messages: `message device → count`; every count must be 1. */
export async function deliveryRowCounts(
  app: TestApp,
  messageIds: string[],
): Promise<Map<string, number>> {
  return withPgClient(app.database.ownerUrl, async (client) => {
    const { rows } = await client.query<{ message_id: string; device_id: string; n: number }>(
      `SELECT message_id, device_id, count(*)::int AS n
         FROM message_delivery WHERE message_id = ANY($1) GROUP BY 1, 2`,
      [messageIds],
    );
    return new Map(rows.map((row) => [`${row.message_id} ${row.device_id}`, row.n]));
  });
}

/** Checks the server holds exactly one delivery row per (message, addressed device), and no other. */
export async function expectOneDeliveryRowEach(app: TestApp, sent: Outgoing[]): Promise<void> {
  const counts = await deliveryRowCounts(
    app,
    sent.map((message) => message.messageId),
  );
  const expected = sent.flatMap((message) =>
    message.recipients.map((deviceId) => `${message.messageId} ${deviceId}`),
  );
  const problems = [
    ...expected
      .filter((pair) => counts.get(pair) !== 1)
      .map((pair) => `${pair}: ${counts.get(pair) ?? 0}`),
    ...[...counts.keys()]
      .filter((pair) => !expected.includes(pair))
      .map((pair) => `${pair}: unexpected`),
  ];
  if (problems.length) throw new Error(`delivery rows wrong: ${problems.join('; ')}`);
}

/** How many rows of `message` carry each id (must be 1 each). */
export async function messageRowCounts(
  app: TestApp,
  messageIds: string[],
): Promise<Map<string, number>> {
  return withPgClient(app.database.ownerUrl, async (client) => {
    const { rows } = await client.query<{ id: string; n: number }>(
      `SELECT id, count(*)::int AS n FROM message WHERE id = ANY($1) GROUP BY 1`,
      [messageIds],
    );
    return new Map(rows.map((row) => [row.id, row.n]));
  });
}

/** Outbox rows still waiting to be relayed or fanned out, and those given up on. */
export async function outboxBacklog(app: TestApp): Promise<{ pending: number; failed: number }> {
  return withPgClient(app.database.ownerUrl, async (client) => {
    const { rows } = await client.query<{ status: string; n: number }>(
      `SELECT status::text, count(*)::int AS n FROM message_outbox GROUP BY 1`,
    );
    const count = (status: string) => rows.find((row) => row.status === status)?.n ?? 0;
    return { pending: count('pending'), failed: count('failed') };
  });
}

// --- leaks ---------------------------------------------------------------------------------

/**
 * The ways a secret could sit in storage or logs: as text, hex (either case),
 * and base64 or base64url at each of the three byte alignments it may start
 * at inside a longer value (only the characters that depend on the secret
 * alone are kept).
 */
export function leakForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms = new Set([secret, bytes.toString('hex'), bytes.toString('hex').toUpperCase()]);
  for (let offset = 0; offset < 3; offset += 1) {
    const base64 = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const stable = base64.slice(offset ? 4 : 0, Math.floor((offset + bytes.length) / 3) * 4);
    forms.add(stable);
    forms.add(stable.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...forms];
}

/** Which of `forms` occur in `haystack` (text or bytes). */
export function formsIn(haystack: string | Buffer, forms: string[]): string[] {
  return forms.filter((form) => haystack.includes(form));
}
