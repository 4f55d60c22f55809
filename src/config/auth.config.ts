import type { ConfigType } from '@nestjs/config';
import { IsIn, IsNotEmpty, IsString } from 'class-validator';
import { defineConfig } from './define-config.js';

/** AUTH_MODE values: `auto` (on unless HOST is a loopback address), `on`, `off`. */
export const AUTH_MODES = ['auto', 'on', 'off'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/**
 * Whether `host` (a listen address) accepts connections only from this machine:
 * `localhost`, `127.0.0.0/8`, `::1` (and its IPv4-mapped form). `0.0.0.0`, `::` or any other address do not.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice('::ffff:'.length) : h;
  return /^127(\.\d{1,3}){3}$/.test(v4);
}

/** The API's listen address and API-key authentication (docs/auth.md). */
export class AuthEnv {
  /**
   * Address the API listens on. The default, loopback only, lets a plain `npm start` run open;
   * `0.0.0.0` (all interfaces, as in docker-compose.yml) turns authentication on under AUTH_MODE=auto.
   */
  @IsString()
  @IsNotEmpty({ message: 'HOST must be an address such as 127.0.0.1 or 0.0.0.0' })
  HOST: string = '127.0.0.1';

  /**
   * `auto`: API keys are required unless HOST is a loopback address; `on`: always required;
   * `off`: never (logged as a warning at start, louder when HOST is not loopback).
   */
  @IsIn(AUTH_MODES, { message: `AUTH_MODE must be one of: ${AUTH_MODES.join(', ')}` })
  AUTH_MODE: AuthMode = 'auto';
}

/** `auth` namespace: `{ host, mode, enabled }`; `enabled` is what AUTH_MODE and HOST decide together. */
export const authConfig = defineConfig('auth', AuthEnv, (env) => ({
  host: env.HOST,
  mode: env.AUTH_MODE,
  enabled: env.AUTH_MODE === 'on' || (env.AUTH_MODE === 'auto' && !isLoopbackHost(env.HOST)),
}));
export type AuthConfig = ConfigType<typeof authConfig>;
