import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  encryptEnvelopeKeepingKey,
  envelopeToJson,
  fromBase64Url,
  openEnvelope,
  openEnvelopeWithContentKey,
  parseDeviceCertificate,
  parseEnvelope,
  sodium,
  toBase64Url,
  verifyDeviceCertificate,
  verifyEnvelope,
  CryptoError,
  CryptoErrorCode,
  type Envelope,
  type HandlingCode,
  type InformationAccuracy,
  type MessageCategory,
  type MessagePriority,
  type SourceReliability,
  type VisibleMetadata,
} from '@fpn/crypto';
import type { AttachmentInfo } from '../attachments/attachment-content';
import {
  type AttachmentSource,
  downloadAttachment,
  type DownloadTarget,
  type TransferProgress,
  uploadAttachment,
} from '../attachments/attachment-transfer';
import { ClientError, ClientErrorCode } from '../errors';
import {
  AcknowledgeMessageDocument,
  ConfirmDeliveryDocument,
  InboxDocument,
  MarkMessagesReadDocument,
  MessageAudienceDocument,
  MessageDocument,
  MessageStatusDocument,
  MessageReceivedDocument,
  SendMessageDocument,
  ThreadMessagesDocument,
  ThreadsDocument,
  type MessageAddressInput,
  type MessageFieldsFragment,
} from '../generated/graphql';
import type { KeyManager } from '../keys/key-manager';
import { ApiError, TransportError } from '../transport/api-error';

const SEND_TRIES = 3;
import type { Session } from '../transport/session';
import { LiveConnection, type WebSocketConstructor } from './live';
import { decodeContent, encodeContent, type MessageContent } from './message-content';

export interface SendInput {
  /** Where a new thread goes; leave out to reply in `threadId`. */
  to?: MessageAddressInput;
  /** An existing thread to write in (a reply). */
  threadId?: string;
  /** The message this one answers (same thread). */
  inReplyTo?: string;
  category: MessageCategory;
  priority?: MessagePriority;
  handlingCode?: HandlingCode;
  sourceReliability?: SourceReliability;
  informationAccuracy?: InformationAccuracy;
  dueDate?: Date;
  /** A request for assistance: the information is directly accessible (docs/requests.md). */
  directlyAccessible?: boolean;
  /** A reply that is your state's answer to the thread's request. */
  isAnswer?: boolean;
  /** Subject, text, restriction; attachments go in `attachments`. */
  content: Omit<MessageContent, 'attachments'>;
  /** The sender's explicit decision to encrypt to identities never seen before. */
  acceptNew?: boolean;
  /** Files to encrypt and upload with the message (docs/attachments.md). */
  attachments?: AttachmentSource[];
  /** Upload progress of each attachment (bytes of its encrypted blob). */
  onProgress?: (progress: TransferProgress) => void;
}

export interface SendResult {
  messageId: string;
  threadId: string;
  duplicate: boolean;
  recipientAccounts: number;
  recipientDevices: number;
  /** What was attached, as the body carries it (with each key: keep it to yourself). */
  attachments: AttachmentInfo[];
}

/** A message as this device sees it: content only when everything checked out. */
export interface ReceivedMessage {
  id: string;
  threadId: string;
  senderUserId: string;
  senderDeviceId: string;
  senderMemberStateCode: string | null;
  inReplyTo: string | null;
  sentAt: string;
  /** The signed metadata (from the envelope, not from the server's columns). */
  metadata: VisibleMetadata | null;
  /**
   * `ok`: signature and certificate verified, content decrypted;
   * `forged`: the envelope, its signature or the sender's certificate does not verify — never shown;
   * `sender-key-changed`: the sender's identity key differs from the pinned one — accept or verify first;
   * `undecryptable`: verified, but this device holds no key for it.
   */
  status: 'ok' | 'forged' | 'sender-key-changed' | 'undecryptable';
  content: MessageContent | null;
  problem?: string;
}

/** Sends one operation: over HTTP by default, over the live socket while watching. */
type Requester = <Result, Variables extends Record<string, unknown>>(
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
) => Promise<Result>;

/**
 * Encrypted messaging on this device: sending to exactly the devices the
 * server expects (but only those whose certificates chain to pinned
 * identities), receiving with every signature and certificate checked before
 * anything is decrypted, catch-up from a cursor, de-duplication by message id.
 */
export class MessagingClient {
  constructor(
    private readonly session: Session,
    private readonly keys: KeyManager,
    private readonly webSocketImpl?: WebSocketConstructor,
  ) {}

  /**
   * Live: every message pushed to this device, opened and shown once, as it
   * arrives. Pushes are for speed; what counts is the inbox: after each burst
   * of pushes (and at the start, and after a reconnect) the device catches up
   * from its cursor and confirms, so a message pushed out of order, or not
   * pushed at all, is never skipped. Resolves when `signal` aborts.
   */
  async watch(
    onMessage: (message: ReceivedMessage) => void | Promise<void>,
    options: {
      signal?: AbortSignal;
      onError?: (error: unknown) => void;
      syncDelayMs?: number;
    } = {},
  ): Promise<void> {
    const webSocketImpl = this.webSocketImpl ?? (globalThis as { WebSocket?: unknown }).WebSocket;
    if (!webSocketImpl)
      throw new Error('no WebSocket implementation: pass `webSocket` to FpnClient');
    const own = await this.keys.ownKeys();
    const live = new LiveConnection(this.session, webSocketImpl);
    let chain = Promise.resolve();
    const serially = (work: () => Promise<void>) => {
      chain = chain.then(work).catch((error: unknown) => options.onError?.(error));
      return chain;
    };
    // Catch-up and confirmations go over the socket too; HTTP when the socket cannot
    // (not connected yet, or its token expired: the HTTP session refreshes).
    const viaSocket: Requester = (document, variables) =>
      live.request(document, variables).catch((error: unknown) => {
        if (error instanceof ApiError && error.code !== 'UNAUTHENTICATED') throw error;
        return this.session.request(document, variables);
      });
    const sync = () =>
      serially(async () => {
        for (const message of await this.receive({}, viaSocket)) await onMessage(message);
      });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const syncSoon = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void sync(), options.syncDelayMs ?? 250);
    };
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const unsubscribe = live.subscribe(
      MessageReceivedDocument,
      { deviceId: own.device.deviceId },
      {
        next: ({ messageReceived }) => {
          void serially(async () => {
            const opened = await this.accept(messageReceived.message);
            if (opened) await onMessage(opened);
          });
          syncSoon();
        },
        error: (error) => {
          options.onError?.(error);
          stop();
        },
        complete: () => stop(),
      },
    );
    await sync();
    if (options.signal?.aborted) stop();
    options.signal?.addEventListener('abort', () => stop(), { once: true });
    await stopped;
    clearTimeout(timer);
    unsubscribe();
    await chain;
    await live.close();
  }

  async send(input: SendInput): Promise<SendResult> {
    if (!input.to === !input.threadId) {
      throw new RangeError('a message goes either `to` a new thread or into `threadId`');
    }
    const own = await this.keys.ownKeys();
    const threadId = input.threadId ?? newId();
    const messageId = newId();
    const metadata: VisibleMetadata = {
      category: input.category,
      priority: input.priority ?? 'ROUTINE',
      handlingCode: input.handlingCode ?? 'H1',
      ...(input.sourceReliability ? { sourceReliability: input.sourceReliability } : {}),
      ...(input.informationAccuracy ? { informationAccuracy: input.informationAccuracy } : {}),
      ...(input.dueDate ? { dueDate: input.dueDate.toISOString() } : {}),
    };
    const to = input.to ?? null;
    const audience = async () =>
      (
        await this.session.request(MessageAudienceDocument, {
          to,
          threadId: input.threadId ?? null,
        })
      ).messageAudience;
    const attachments: AttachmentInfo[] = [];
    if (input.attachments?.length) {
      // Whom it goes to is decided (new identities accepted or refused) before anything is uploaded.
      await this.keys.trustedDevices([...(await audience()), own.accountId], {
        acceptNew: input.acceptNew ?? false,
      });
      for (const attachment of input.attachments) {
        attachments.push(await uploadAttachment(this.session, attachment, input.onProgress));
      }
    }
    const body = encodeContent({
      ...input.content,
      ...(attachments.length ? { attachments } : {}),
    });

    const attempt = async (acceptNew: boolean) => {
      const accounts = await audience();
      if (accounts.length === 0) {
        throw new ApiError('Nobody to send to', 'BAD_USER_INPUT', { reason: 'NO_RECIPIENTS' });
      }
      const { devices } = await this.keys.trustedDevices([...accounts, own.accountId], {
        acceptNew,
      });
      const recipients = devices.filter((device) => device.deviceId !== own.device.deviceId);
      const { envelope, contentKey } = encryptEnvelopeKeepingKey({
        sender: own.device,
        recipients: recipients.map((device) => ({
          deviceId: device.deviceId,
          encryptionPublicKey: device.encryptionPublicKey,
        })),
        body,
        metadata,
        ids: { messageId, threadId },
      });
      const request = {
        input: {
          envelope: JSON.stringify(envelopeToJson(envelope)),
          to,
          inReplyTo: input.inReplyTo ?? null,
          ...(input.directlyAccessible !== undefined
            ? { directlyAccessible: input.directlyAccessible }
            : {}),
          ...(input.isAnswer !== undefined ? { isAnswer: input.isAnswer } : {}),
          ...(attachments.length
            ? {
                attachments: attachments.map(({ id, ciphertextHash }) => ({ id, ciphertextHash })),
              }
            : {}),
        },
      };
      // No answer (the connection dropped, the server restarted): the same envelope again is
      // idempotent — the server returns the message if the first attempt committed.
      let answer;
      for (let tries = 1; ; tries++) {
        try {
          answer = await this.session.request(SendMessageDocument, request);
          break;
        } catch (error) {
          if (!(error instanceof TransportError) || tries === SEND_TRIES) throw error;
          await new Promise((resolve) => setTimeout(resolve, 250 * tries));
        }
      }
      // The sender keeps the key of what it sent (and backs it up), so it reads its own message later.
      await this.keys.keepMessageKey(messageId, contentKey);
      return answer;
    };

    let sent;
    try {
      sent = await attempt(input.acceptNew ?? false);
    } catch (error) {
      // The server saw other devices than we encrypted to (a device added or revoked since we
      // looked): refresh and retry once — trustedDevices still refuses new or changed identities,
      // so only devices chaining to pinned identities are added without the sender's decision.
      if (!(error instanceof ApiError && error.reason === 'RECIPIENT_DEVICES_MISMATCH')) {
        throw error;
      }
      sent = await attempt(false);
    }
    const { sendMessage } = sent;
    return {
      messageId: sendMessage.message.id,
      threadId: sendMessage.message.threadId,
      duplicate: sendMessage.duplicate,
      recipientAccounts: sendMessage.recipientAccounts,
      recipientDevices: sendMessage.recipientDevices,
      attachments,
    };
  }

  /**
   * Downloads one attachment of an opened message (`which`: its index from 0,
   * or its id) and decrypts it into `target.destination` (a file, or a folder
   * for the attachment's own name, made safe). The file appears only once the
   * whole blob decrypted and matched the message's hash; an existing file is
   * replaced only with `overwrite`. Returns the file's path.
   */
  async downloadAttachment(
    message: ReceivedMessage,
    which: number | string,
    target: DownloadTarget,
  ): Promise<string> {
    const list = message.status === 'ok' ? (message.content?.attachments ?? []) : [];
    const info =
      typeof which === 'number' ? list[which] : list.find((attachment) => attachment.id === which);
    if (!info) {
      throw new ClientError(
        ClientErrorCode.NoSuchAttachment,
        message.status === 'ok'
          ? `message ${message.id} has no attachment ${typeof which === 'number' ? which + 1 : which}`
          : `message ${message.id} is ${message.status}: its attachments cannot be opened`,
      );
    }
    return downloadAttachment(this.session, info, target);
  }

  /**
   * Everything delivered to this device since its cursor, opened, each
   * message once: redeliveries of an id already seen are dropped. Confirms
   * delivery up to the last one and keeps the cursor.
   */
  async receive(
    options: { first?: number } = {},
    via: Requester = (document, variables) => this.session.request(document, variables),
  ): Promise<ReceivedMessage[]> {
    const own = await this.keys.ownKeys();
    const received: ReceivedMessage[] = [];
    let after = await this.keys.cursor();
    for (;;) {
      const { inbox } = await via(InboxDocument, {
        deviceId: own.device.deviceId,
        after,
        first: options.first ?? 100,
      });
      for (const item of inbox.items) {
        const opened = await this.accept(item.message);
        if (opened) received.push(opened);
      }
      if (inbox.endCursor && inbox.items.length) {
        await this.confirm(inbox.endCursor, via);
        after = inbox.endCursor;
      }
      if (!inbox.hasNextPage) return received;
    }
  }

  /** A pushed or fetched message: opened once; null when this id was seen already. */
  async accept(message: MessageFieldsFragment): Promise<ReceivedMessage | null> {
    if (await this.keys.seen(message.id)) return null;
    const opened = await this.open(message);
    await this.keys.remember(message.id, opened.status);
    return opened;
  }

  /** Confirms delivery up to a cursor (after the messages were kept). */
  async confirm(
    cursor: string,
    via: Requester = (document, variables) => this.session.request(document, variables),
  ): Promise<void> {
    const own = await this.keys.ownKeys();
    await via(ConfirmDeliveryDocument, {
      deviceId: own.device.deviceId,
      upTo: cursor,
    });
    await this.keys.setCursor(cursor);
  }

  /** One message by id (thread history, a re-read): verified and decrypted again. */
  async read(messageId: string): Promise<ReceivedMessage> {
    const { message } = await this.session.request(MessageDocument, { id: messageId });
    return this.open(message);
  }

  /** A thread's messages, oldest first, each verified and decrypted. */
  async thread(threadId: string, page: { first?: number; after?: string | null } = {}) {
    const { thread } = await this.session.request(ThreadMessagesDocument, {
      id: threadId,
      first: page.first ?? 50,
      after: page.after ?? null,
    });
    const messages: ReceivedMessage[] = [];
    for (const message of thread.messages.items) messages.push(await this.open(message));
    return {
      thread,
      messages,
      endCursor: thread.messages.endCursor,
      hasNextPage: thread.messages.hasNextPage,
    };
  }

  async threads(page: { first?: number; after?: string | null } = {}) {
    return (
      await this.session.request(ThreadsDocument, {
        first: page.first ?? 20,
        after: page.after ?? null,
      })
    ).threads;
  }

  /** The person acknowledges (what escalation waits for). */
  async acknowledge(messageId: string): Promise<string> {
    return (await this.session.request(AcknowledgeMessageDocument, { messageId }))
      .acknowledgeMessage;
  }

  async markRead(messageIds: string[]): Promise<number> {
    return (await this.session.request(MarkMessagesReadDocument, { messageIds })).markMessagesRead;
  }

  async status(messageId: string) {
    return (await this.session.request(MessageStatusDocument, { messageId })).messageStatus;
  }

  /**
   * Verifies before it decrypts: the envelope parses strictly and matches the
   * server's row, the sender's identity is the pinned one (first contact pins
   * it, unverified), the sender device's certificate verifies against it,
   * the envelope's signature verifies against the device. Then the content
   * key comes from this device's sealed key, or from the keys it holds
   * (restored from the backup, or kept when it sent).
   */
  async open(message: MessageFieldsFragment): Promise<ReceivedMessage> {
    const base: ReceivedMessage = {
      id: message.id,
      threadId: message.threadId,
      senderUserId: message.senderUserId,
      senderDeviceId: message.senderDeviceId,
      senderMemberStateCode: message.senderMemberStateCode ?? null,
      inReplyTo: message.inReplyTo ?? null,
      sentAt: message.sentAt,
      metadata: null,
      status: 'forged',
      content: null,
    };
    let envelope: Envelope;
    try {
      envelope = parseEnvelope(message.envelope);
    } catch (error) {
      return { ...base, problem: describe(error) };
    }
    if (
      envelope.messageId !== message.id ||
      envelope.threadId !== message.threadId ||
      envelope.senderDeviceId !== message.senderDeviceId ||
      message.senderDevice.deviceId !== message.senderDeviceId ||
      message.senderDevice.userId !== message.senderUserId
    ) {
      return { ...base, problem: 'the envelope does not match the message it came with' };
    }
    // Pinned keys first (no round trip); the server is asked only for a first contact, or to
    // tell a changed sender key from a forgery when the certificate does not verify.
    let certificate: ReturnType<typeof parseDeviceCertificate>;
    try {
      certificate = parseDeviceCertificate(message.senderDevice.certificate);
    } catch (error) {
      return { ...base, problem: describe(error) };
    }
    if (
      certificate.accountId !== message.senderUserId ||
      certificate.deviceId !== message.senderDeviceId
    ) {
      return { ...base, problem: 'the sender’s device certificate names another device' };
    }
    let identities = await this.keys.pinnedKeys(message.senderUserId);
    if (!identities.some((identity) => certifies(certificate, identity))) {
      const current = await this.keys.senderIdentities(message.senderUserId);
      if (current === 'changed') {
        return { ...base, status: 'sender-key-changed', metadata: envelope.metadata };
      }
      identities = current;
      if (!identities.some((identity) => certifies(certificate, identity))) {
        return { ...base, problem: 'the sender’s device certificate does not verify' };
      }
    }
    const senderKey = certificate.signingPublicKey;
    try {
      verifyEnvelope(envelope, senderKey);
    } catch (error) {
      return { ...base, problem: describe(error) };
    }
    const verified = { ...base, metadata: envelope.metadata };
    const own = await this.keys.ownKeys();
    let body: Uint8Array;
    let contentKey: Uint8Array;
    try {
      ({ body, contentKey } = openEnvelope(envelope, own.device, senderKey));
    } catch (error) {
      if (!(error instanceof CryptoError && error.code === CryptoErrorCode.NotARecipient)) {
        return { ...verified, status: 'forged', problem: describe(error) };
      }
      const kept = await this.keys.messageKey(message.id);
      if (!kept) return { ...verified, status: 'undecryptable', problem: 'no key on this device' };
      try {
        body = openEnvelopeWithContentKey(envelope, kept, senderKey);
        contentKey = kept;
      } catch (inner) {
        return { ...verified, status: 'forged', problem: describe(inner) };
      }
    }
    const content = decodeContent(body);
    if (!content) return { ...verified, status: 'forged', problem: 'not a message body' };
    await this.keys.keepMessageKey(message.id, contentKey);
    return { ...verified, status: 'ok', content };
  }
}

function certifies(
  certificate: ReturnType<typeof parseDeviceCertificate>,
  identity: string,
): boolean {
  try {
    verifyDeviceCertificate(certificate, fromBase64Url(identity, 'identity', 32));
    return true;
  } catch {
    return false;
  }
}

/** 128 random bits, base64url — never starting with `-`, which a command line takes for an option. */
function newId(): string {
  for (;;) {
    const id = toBase64Url(sodium().randombytes_buf(16));
    if (!id.startsWith('-')) return id;
  }
}

function describe(error: unknown): string {
  if (error instanceof CryptoError) return `${error.code}: ${error.message}`;
  if (error instanceof ClientError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
