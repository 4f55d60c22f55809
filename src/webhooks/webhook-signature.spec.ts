import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyWebhookSignature, webhookSignature } from './webhook-signature.js';

const SECRET = 'whsec-test-0123456789abcdef0123456789';
const BODY = '{"type":"submission.finished","deliveryId":"x-a1"}';

describe('webhookSignature', () => {
  it('is v1= and the hex HMAC-SHA256 of "<timestamp>.<body>" with the secret', () => {
    const expected = createHmac('sha256', SECRET).update(`1700000000.${BODY}`).digest('hex');
    expect(webhookSignature(SECRET, 1700000000, BODY)).toBe(`v1=${expected}`);
    // A fixed vector, so the receivers' examples in docs/webhooks.md can be checked against it.
    expect(webhookSignature('secret', 1, '{}')).toBe('v1=' + createHmac('sha256', 'secret').update('1.{}').digest('hex'));
    expect(webhookSignature(SECRET, 1700000000, BODY)).toMatch(/^v1=[0-9a-f]{64}$/);
  });

  it('changes with the timestamp, the body and the secret', () => {
    const base = webhookSignature(SECRET, 1700000000, BODY);
    expect(webhookSignature(SECRET, 1700000001, BODY)).not.toBe(base);
    expect(webhookSignature(SECRET, 1700000000, `${BODY} `)).not.toBe(base);
    expect(webhookSignature(`${SECRET}x`, 1700000000, BODY)).not.toBe(base);
  });
});

describe('verifyWebhookSignature', () => {
  const now = 1700000100;
  const header = webhookSignature(SECRET, 1700000000, BODY);

  it('accepts the signature within the tolerance, also among several', () => {
    expect(verifyWebhookSignature(SECRET, '1700000000', BODY, header, { nowSec: now })).toBe(true);
    expect(verifyWebhookSignature(SECRET, '1700000000', BODY, `v1=${'0'.repeat(64)}, ${header}`, { nowSec: now })).toBe(true);
  });

  it('refuses a changed body, another secret, an old timestamp, missing headers', () => {
    expect(verifyWebhookSignature(SECRET, '1700000000', `${BODY}x`, header, { nowSec: now })).toBe(false);
    expect(verifyWebhookSignature('another-secret-0123456789abcdef012', '1700000000', BODY, header, { nowSec: now })).toBe(false);
    expect(verifyWebhookSignature(SECRET, '1700000000', BODY, header, { nowSec: 1700000000 + 301 })).toBe(false);
    expect(verifyWebhookSignature(SECRET, undefined, BODY, header, { nowSec: now })).toBe(false);
    expect(verifyWebhookSignature(SECRET, '1700000000', BODY, undefined, { nowSec: now })).toBe(false);
    expect(verifyWebhookSignature(SECRET, '17e8', BODY, header, { nowSec: now })).toBe(false);
  });
});
