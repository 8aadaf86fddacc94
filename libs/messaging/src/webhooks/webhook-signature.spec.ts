import { createHmac } from 'node:crypto';
import { newWebhookSecret, signedWebhookHeaders, webhookSignature } from './webhook-signature';

describe('webhook signatures', () => {
  it('is HMAC-SHA256 over "<timestamp>.<body>" keyed by the secret, as documented', () => {
    const expected = createHmac('sha256', 'whsec_test').update('1768467600.{"a":1}').digest('hex');
    expect(webhookSignature('whsec_test', 1768467600, '{"a":1}')).toBe(`v1=${expected}`);
  });

  it('signs at the given time, in seconds', () => {
    const headers = signedWebhookHeaders('whsec_test', new Date('2026-01-15T09:00:00.900Z'), '{}', {
      id: '7',
      attempt: 2,
    });
    expect(headers).toMatchObject({
      'fpn-webhook-id': '7',
      'fpn-webhook-timestamp': '1768467600',
      'fpn-webhook-attempt': '2',
      'fpn-webhook-signature': webhookSignature('whsec_test', 1768467600, '{}'),
    });
  });

  it('makes a fresh 32-byte secret each time', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(secret);
  });
});
