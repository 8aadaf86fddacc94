import { createHmac, timingSafeEqual } from 'node:crypto';
import type { MessageFieldsFragment } from '../generated/graphql';
import type { MessagingClient, ReceivedMessage } from '../messaging/messaging-client';

/**
 * The headers the server signs a webhook POST with (docs/webhooks.md):
 * `fpn-webhook-signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`.
 */
export const WEBHOOK_SIGNATURE_HEADER = 'fpn-webhook-signature';
export const WEBHOOK_TIMESTAMP_HEADER = 'fpn-webhook-timestamp';
export const WEBHOOK_ID_HEADER = 'fpn-webhook-id';

/** Why a webhook POST was refused: stable, for a receiver to log. */
export type WebhookProblem =
  'MISSING_HEADERS' | 'TIMESTAMP_OUT_OF_TOLERANCE' | 'BAD_SIGNATURE' | 'MALFORMED_BODY';

export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';

  constructor(readonly reason: WebhookProblem) {
    super(`webhook refused: ${reason}`);
  }
}

/**
 * What a webhook carries: the same as an inbox item of the bound device (its
 * cursor and the message with its envelope), never plaintext. Open it with
 * `openWebhookMessage`.
 */
export interface WebhookPayload {
  type: 'message';
  /** The delivery's id (also `fpn-webhook-id`): the same on every retry of it. */
  deliveryId: string;
  deviceId: string;
  cursor: string;
  message: MessageFieldsFragment & {
    category: string;
    priority: string;
    handlingCode: string;
    dueDate: string | null;
  };
}

export interface VerifyWebhookOptions {
  /** How old (or how far ahead) a timestamp may be; default 300 s. Replays older are refused. */
  toleranceSeconds?: number;
  /** The receiver's clock (tests pass theirs). */
  now?: Date;
}

type HeaderBag =
  | Headers
  | Record<string, string | readonly string[] | undefined>
  | { get(name: string): string | null };

function header(headers: HeaderBag, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const bag = headers as Record<string, string | readonly string[] | undefined>;
  const key = Object.keys(bag).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : bag[key];
  return Array.isArray(value) ? value[0] : (value as string | undefined);
}

/**
 * Checks a webhook POST before anything trusts it: the timestamp is within
 * the tolerance, and one of the `v1=` signatures is the HMAC of
 * `"<timestamp>.<raw body>"` under the secret (compared in constant time).
 * Pass the body exactly as received, before any JSON parsing. Returns the
 * parsed payload; throws WebhookVerificationError.
 */
export function verifyWebhook(
  headers: HeaderBag,
  rawBody: string | Uint8Array,
  secret: string,
  options: VerifyWebhookOptions = {},
): WebhookPayload {
  const timestamp = header(headers, WEBHOOK_TIMESTAMP_HEADER);
  const signatures = header(headers, WEBHOOK_SIGNATURE_HEADER);
  if (!timestamp || !signatures || !/^\d{1,12}$/.test(timestamp)) {
    throw new WebhookVerificationError('MISSING_HEADERS');
  }
  const tolerance = options.toleranceSeconds ?? 300;
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - Number(timestamp)) > tolerance) {
    throw new WebhookVerificationError('TIMESTAMP_OUT_OF_TOLERANCE');
  }
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : Buffer.from(rawBody);
  const expected = createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(`${timestamp}.`, 'utf8')
    .update(body)
    .digest();
  const matches = signatures
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith('v1='))
    .map((part) => Buffer.from(part.slice(3), 'hex'))
    .some((given) => given.length === expected.length && timingSafeEqual(given, expected));
  if (!matches) throw new WebhookVerificationError('BAD_SIGNATURE');
  let payload: WebhookPayload;
  try {
    payload = JSON.parse(body.toString('utf8')) as WebhookPayload;
  } catch {
    throw new WebhookVerificationError('MALFORMED_BODY');
  }
  if (payload?.type !== 'message' || typeof payload.message?.envelope !== 'string') {
    throw new WebhookVerificationError('MALFORMED_BODY');
  }
  return payload;
}

/**
 * Opens a verified payload's message as the bound device: the same checks
 * and decryption as the inbox (`MessagingClient.open`) — the sender's pinned
 * identity, its device certificate, the envelope's signature — so a server
 * that forged a message is caught here too. The ministry system's keystore
 * holds its bound device's keys.
 */
export function openWebhookMessage(
  messaging: MessagingClient,
  payload: WebhookPayload,
): Promise<ReceivedMessage> {
  return messaging.open(payload.message);
}
