import { createHash, randomBytes } from 'node:crypto';

/** What every API key starts with, so a leaked key is recognisable (and greppable) as Verdict's. */
export const API_KEY_PREFIX = 'vk_';
/** Random bytes in a key (256 bits), written as base64url after the prefix (43 characters). */
const KEY_RANDOM_BYTES = 32;
/** A key's exact shape: the prefix and 43 base64url characters. */
const KEY_PATTERN = /^vk_[A-Za-z0-9_-]{43}$/;

/** A new random API key: `vk_` + 32 random bytes in base64url (46 characters). Shown once, never stored. */
export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(KEY_RANDOM_BYTES).toString('base64url');
}

/** Hex SHA-256 of a key's text (64 characters): what the `apikeys` collection stores and looks keys up by. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Whether `text` has the shape of a key `generateApiKey` makes (anything else is refused without a lookup). */
export function isWellFormedApiKey(text: string): boolean {
  return KEY_PATTERN.test(text);
}
