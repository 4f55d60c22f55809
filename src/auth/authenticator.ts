import { Inject, Injectable } from '@nestjs/common';
import { authConfig, type AuthConfig } from '../config/auth.config.js';
import { ApiKeysService } from './api-keys.service.js';
import { keyInvalid, keyMissing } from './auth-errors.js';
import type { Caller } from './caller.js';
import { Role } from './role.js';

/** The caller of every request of a process running open (authentication off). */
export function openCaller(ip: string): Caller {
  return { keyId: null, role: Role.Admin, name: 'open', ip };
}

/**
 * Turns a presented API key into a Caller, for the HTTP guard and the Socket.IO handshake alike.
 * When authentication is off (AUTH_MODE and HOST, src/config/auth.config.ts) everyone is the open admin caller.
 */
@Injectable()
export class Authenticator {
  constructor(
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
    private readonly keys: ApiKeysService,
  ) {}

  /** Whether API keys are required in this process. */
  get enabled(): boolean {
    return this.config.enabled;
  }

  /**
   * The caller presenting `key` from address `ip`.
   * @throws UnauthorizedException (401) when authentication is on and `key` is null (`an API key is required…`)
   *   or unknown, revoked or expired (`the API key is not valid…`, one message for all three).
   * @throws DependencyUnavailableError (503) when MongoDB is unreachable and the key is not cached.
   */
  async callerOf(key: string | null, ip: string): Promise<Caller> {
    if (!this.config.enabled) return openCaller(ip);
    if (key === null) throw keyMissing();
    const valid = await this.keys.check(key);
    if (!valid) throw keyInvalid();
    return { keyId: valid.id, role: valid.role, name: valid.name, ip };
  }
}
