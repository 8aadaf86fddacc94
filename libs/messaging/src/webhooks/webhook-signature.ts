import { createHmac, randomBytes } from 'node:crypto';

/**
 * The signature scheme (docs/webhooks.md), Stripe/GitHub style:
 * `FPN-Webhook-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`, where
 * `<timestamp>` is `FPN-Webhook-Timestamp` (Unix seconds) and the key is the
 * secret's UTF-8 bytes, exactly as shown at registration. The SDK's
 * `verifyWebhook` checks it (libs/client/src/webhooks).
 */
export const WEBHOOK_HEADERS = {
  id: 'fpn-webhook-id',
  timestamp: 'fpn-webhook-timestamp',
  signature: 'fpn-webhook-signature',
  attempt: 'fpn-webhook-attempt',
} as const;

export const WEBHOOK_SIGNATURE_VERSION = 'v1';

/** A new webhook secret: 32 random bytes, shown once. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

export function webhookSignature(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(`${timestamp}.${body}`, 'utf8')
    .digest('hex');
  return `${WEBHOOK_SIGNATURE_VERSION}=${mac}`;
}

/** The headers of one POST, signed at `at` (the injected clock). */
export function signedWebhookHeaders(
  secret: string,
  at: Date,
  body: string,
  delivery: { id: string; attempt: number },
): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    'content-type': 'application/json',
    [WEBHOOK_HEADERS.id]: delivery.id,
    [WEBHOOK_HEADERS.timestamp]: String(timestamp),
    [WEBHOOK_HEADERS.signature]: webhookSignature(secret, timestamp, body),
    [WEBHOOK_HEADERS.attempt]: String(delivery.attempt),
  };
}
