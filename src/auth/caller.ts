import type { Role } from './role.js';

/**
 * Who made a request, as the authentication guard (or the Socket.IO/SSE handshake) established it.
 * Set on every HTTP request as `request.caller` before any controller runs.
 * - `keyId`: the API key's id (hex ObjectId) — the owner recorded on submissions, problems and
 *   uploads — or null when authentication is off (a loopback-only process started open);
 * - `role`: the key's role; an open process treats every caller as `admin`;
 * - `name`: the key's name, for logs (never the key itself);
 * - `ip`: the client address as Express reports it, for per-IP limits when open.
 */
export interface Caller {
  keyId: string | null;
  role: Role;
  name: string;
  ip: string;
}

/** The property of an Express request (and a Socket.IO socket's `data`) that holds its Caller. */
export const CALLER_PROPERTY = 'caller';
