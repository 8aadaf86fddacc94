import { createHmac } from 'node:crypto';
import { verifyWebhook, WebhookVerificationError } from './verify-webhook';

const SECRET = 'whsec_unit';
const body = JSON.stringify({
  type: 'message',
  deliveryId: '1',
  deviceId: 'd',
  cursor: 'c',
  message: { id: 'm', envelope: 'e' },
});
const sign = (timestamp: number, raw = body, secret = SECRET) =>
  `v1=${createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex')}`;
const at = new Date('2026-01-15T09:00:00Z');
const ts = Math.floor(at.getTime() / 1000);

const reason = (run: () => unknown) => {
  try {
    run();
    return null;
  } catch (error) {
    return (error as WebhookVerificationError).reason;
  }
};

describe('verifyWebhook', () => {
  it('accepts a signature over "<timestamp>.<body>" and returns the payload', () => {
    const headers = { 'FPN-Webhook-Timestamp': String(ts), 'fpn-webhook-signature': sign(ts) };
    expect(verifyWebhook(headers, body, SECRET, { now: at }).message.id).toBe('m');
    expect(verifyWebhook(new Headers(headers), Buffer.from(body), SECRET, { now: at }).cursor).toBe(
      'c',
    );
  });

  it('refuses another body, another secret, an old or future timestamp, missing headers', () => {
    const headers = { 'fpn-webhook-timestamp': String(ts), 'fpn-webhook-signature': sign(ts) };
    expect(reason(() => verifyWebhook(headers, `${body} `, SECRET, { now: at }))).toBe(
      'BAD_SIGNATURE',
    );
    expect(reason(() => verifyWebhook(headers, body, 'whsec_other', { now: at }))).toBe(
      'BAD_SIGNATURE',
    );
    const later = new Date(at.getTime() + 301_000);
    expect(reason(() => verifyWebhook(headers, body, SECRET, { now: later }))).toBe(
      'TIMESTAMP_OUT_OF_TOLERANCE',
    );
    expect(
      reason(() => verifyWebhook(headers, body, SECRET, { now: later, toleranceSeconds: 600 })),
    ).toBeNull();
    expect(reason(() => verifyWebhook({}, body, SECRET, { now: at }))).toBe('MISSING_HEADERS');
    const truncated = { ...headers, 'fpn-webhook-signature': sign(ts).slice(0, 20) };
    expect(reason(() => verifyWebhook(truncated, body, SECRET, { now: at }))).toBe('BAD_SIGNATURE');
  });
});
