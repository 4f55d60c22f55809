import { createHmac, timingSafeEqual } from 'node:crypto';

/** Request headers of every delivery (docs/webhooks.md is written from these). */
export const WEBHOOK_HEADERS = {
  /** The delivery's id, `<submissionId>-a<judging attempt>`: the same on every retry, so a receiver can drop duplicates. */
  id: 'verdict-webhook-id',
  /** Unix time of signing, whole seconds; part of the signed text. */
  timestamp: 'verdict-webhook-timestamp',
  /** `v1=<64 lowercase hex digits>`: HMAC-SHA256 with the deployment's WEBHOOK_SECRET. */
  signature: 'verdict-webhook-signature',
  /** 1 for the first HTTP attempt of a delivery, then 2, 3, … */
  attempt: 'verdict-webhook-attempt',
} as const;

/** Prefix of the signature's version; a future scheme would add `v2=` beside it. */
const SCHEME = 'v1';

/**
 * The signature header value of one delivery: `v1=` + hex HMAC-SHA256(secret, `${timestampSec}.${body}`),
 * the timestamp-dot-body convention of Stripe and Standard Webhooks (without Standard Webhooks' id prefix),
 * so a receiver can refuse replays of an old request by its timestamp.
 * @param secret the deployment's WEBHOOK_SECRET (UTF-8).
 * @param timestampSec Unix time, whole seconds, as sent in `verdict-webhook-timestamp`.
 * @param body the exact bytes sent (UTF-8 JSON).
 */
export function webhookSignature(secret: string, timestampSec: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestampSec}.`).update(body).digest('hex');
  return `${SCHEME}=${mac}`;
}

/**
 * Checks a received delivery the way docs/webhooks.md tells receivers to (constant-time comparison,
 * timestamp within `toleranceSec` of `nowSec`). Used by the tests' receiver; any receiver may copy it.
 * @returns true when `signatureHeader` holds a `v1=` signature of `timestampSec.body` with `secret`.
 */
export function verifyWebhookSignature(
  secret: string,
  timestampHeader: string | undefined,
  body: string,
  signatureHeader: string | undefined,
  { nowSec = Math.floor(Date.now() / 1000), toleranceSec = 300 } = {},
): boolean {
  if (!timestampHeader || !signatureHeader || !/^\d{1,12}$/.test(timestampHeader)) return false;
  const timestampSec = Number(timestampHeader);
  if (Math.abs(nowSec - timestampSec) > toleranceSec) return false;
  const expected = Buffer.from(webhookSignature(secret, timestampSec, body));
  return signatureHeader.split(',').some((candidate) => {
    const given = Buffer.from(candidate.trim());
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
