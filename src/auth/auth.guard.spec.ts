import { ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AuthConfig } from '../config/auth.config.js';
import type { Judge0Config } from '../config/judge0.config.js';
import type { ApiKeyMatch, ApiKeyRecord } from '../persistence/api-keys/api-key-records.js';
import type { ApiKeysRepository } from '../persistence/api-keys/api-keys.repository.js';
import { ApiKeysService } from './api-keys.service.js';
import { KEY_INVALID_MESSAGE, KEY_MISSING_MESSAGE } from './auth-errors.js';
import { AuthGuard, roleAllows } from './auth.guard.js';
import { Authenticator } from './authenticator.js';
import type { Caller } from './caller.js';
import { Public } from './public.decorator.js';
import { Role } from './role.js';
import { Roles } from './roles.decorator.js';

/** The `apikeys` collection in memory: what ApiKeysService asks of its repository. */
class MemoryKeys {
  readonly rows = new Map<string, ApiKeyMatch>();
  lookups = 0;
  touches = 0;
  private next = 1;
  create(fields: { name: string; role: string; keyHash: string; expiresAt: Date | null }): Promise<ApiKeyRecord> {
    const id = String(this.next++).padStart(24, '0');
    const row: ApiKeyMatch = {
      id,
      name: fields.name,
      role: fields.role,
      keyHash: fields.keyHash,
      createdAt: new Date().toISOString(),
      revokedAt: null,
      expiresAt: fields.expiresAt?.toISOString() ?? null,
      lastUsedAt: null,
    };
    this.rows.set(id, row);
    return Promise.resolve(row);
  }
  findByHash(keyHash: string): Promise<ApiKeyMatch | null> {
    this.lookups += 1;
    return Promise.resolve([...this.rows.values()].find((r) => r.keyHash === keyHash) ?? null);
  }
  revoke(id: string): Promise<ApiKeyMatch | null> {
    const row = this.rows.get(id);
    if (row) row.revokedAt ??= new Date().toISOString();
    return Promise.resolve(row ?? null);
  }
  touch(id: string, at: Date): Promise<void> {
    this.touches += 1;
    this.rows.get(id)!.lastUsedAt = at.toISOString();
    return Promise.resolve();
  }
}

class Routes {
  open(): void {}
  @Public() health(): void {}
  @Roles(Role.Admin) adminOnly(): void {}
  @Roles(Role.Setter) setters(): void {}
}

type FakeRequest = { headers: Record<string, string>; path: string; ip: string; socket: object; caller?: Caller };

function contextFor(handler: keyof Routes, request: FakeRequest): ExecutionContextHost {
  const context = new ExecutionContextHost([request, {}], Routes, Routes.prototype[handler]);
  context.setType('http');
  return context;
}

function request(headers: Record<string, string> = {}, path = '/submissions'): FakeRequest {
  return { headers, path, ip: '10.0.0.7', socket: {} };
}

describe('AuthGuard', () => {
  let repo: MemoryKeys;
  let keys: ApiKeysService;
  let guardOn: AuthGuard;
  let guardOff: AuthGuard;

  beforeEach(() => {
    repo = new MemoryKeys();
    keys = new ApiKeysService(repo as unknown as ApiKeysRepository);
    const judge0 = { prefix: '/judge0' } as Judge0Config;
    const on = { enabled: true, mode: 'on', host: '0.0.0.0' } as AuthConfig;
    const off = { enabled: false, mode: 'auto', host: '127.0.0.1' } as AuthConfig;
    guardOn = new AuthGuard(new Reflector(), new Authenticator(on, keys), judge0);
    guardOff = new AuthGuard(new Reflector(), new Authenticator(off, keys), judge0);
  });

  it('refuses a request without a key with 401 naming the header', async () => {
    await expect(guardOn.canActivate(contextFor('open', request()))).rejects.toThrow(new UnauthorizedException(KEY_MISSING_MESSAGE));
  });

  it('gives one 401 for an unknown, a malformed, a revoked and an expired key', async () => {
    const revoked = await keys.create('r', Role.Submitter);
    await keys.revoke(revoked.record.id);
    const expired = await keys.create('e', Role.Submitter, 1);
    repo.rows.get(expired.record.id)!.expiresAt = new Date(Date.now() - 1000).toISOString();
    const unknown = `vk_${'A'.repeat(43)}`;
    for (const key of [unknown, 'not-a-key', revoked.key, expired.key]) {
      await expect(guardOn.canActivate(contextFor('open', request({ 'x-api-key': key })))).rejects.toThrow(
        new UnauthorizedException(KEY_INVALID_MESSAGE),
      );
    }
  });

  it('sets request.caller from x-api-key, a Bearer token, or X-Auth-Token on Judge0 routes only', async () => {
    const { key, record } = await keys.create('alice', Role.Submitter);
    const expected: Caller = { keyId: record.id, role: Role.Submitter, name: 'alice', ip: '10.0.0.7' };
    for (const headers of [{ 'x-api-key': key }, { authorization: `Bearer ${key}` }] as Record<string, string>[]) {
      const req = request(headers);
      await expect(guardOn.canActivate(contextFor('open', req))).resolves.toBe(true);
      expect(req.caller).toEqual(expected);
    }
    const judge0 = request({ 'x-auth-token': key }, '/judge0/submissions');
    await expect(guardOn.canActivate(contextFor('open', judge0))).resolves.toBe(true);
    expect(judge0.caller).toEqual(expected);
    await expect(guardOn.canActivate(contextFor('open', request({ 'x-auth-token': key })))).rejects.toThrow(UnauthorizedException);
  });

  it('answers 403 when the route needs a role the key lacks; admin passes everywhere', async () => {
    const submitter = await keys.create('s', Role.Submitter);
    const setter = await keys.create('t', Role.Setter);
    const admin = await keys.create('a', Role.Admin);
    await expect(guardOn.canActivate(contextFor('adminOnly', request({ 'x-api-key': submitter.key })))).rejects.toThrow(
      new ForbiddenException('this needs the admin role; your key has the submitter role'),
    );
    await expect(guardOn.canActivate(contextFor('setters', request({ 'x-api-key': submitter.key })))).rejects.toThrow(ForbiddenException);
    await expect(guardOn.canActivate(contextFor('setters', request({ 'x-api-key': setter.key })))).resolves.toBe(true);
    await expect(guardOn.canActivate(contextFor('adminOnly', request({ 'x-api-key': setter.key })))).rejects.toThrow(ForbiddenException);
    for (const route of ['adminOnly', 'setters', 'open'] as const) {
      await expect(guardOn.canActivate(contextFor(route, request({ 'x-api-key': admin.key })))).resolves.toBe(true);
    }
  });

  it('lets @Public() routes pass without a key, or with a bad one', async () => {
    await expect(guardOn.canActivate(contextFor('health', request()))).resolves.toBe(true);
    const bad = request({ 'x-api-key': 'nope' });
    await expect(guardOn.canActivate(contextFor('health', bad))).resolves.toBe(true);
    expect(bad.caller).toBeUndefined();
  });

  it('makes every caller the open admin when authentication is off', async () => {
    const req = request();
    await expect(guardOff.canActivate(contextFor('adminOnly', req))).resolves.toBe(true);
    expect(req.caller).toEqual({ keyId: null, role: Role.Admin, name: 'open', ip: '10.0.0.7' });
  });

  it('looks a key up once per cache lifetime and records its use at most once a minute', async () => {
    const { key } = await keys.create('alice', Role.Submitter);
    for (let i = 0; i < 5; i++) await guardOn.canActivate(contextFor('open', request({ 'x-api-key': key })));
    expect(repo.lookups).toBe(1);
    expect(repo.touches).toBe(1);
  });

  it('stops a key revoked in this process at once, despite the cache', async () => {
    const { key, record } = await keys.create('alice', Role.Submitter);
    await guardOn.canActivate(contextFor('open', request({ 'x-api-key': key })));
    await keys.revoke(record.id);
    await expect(guardOn.canActivate(contextFor('open', request({ 'x-api-key': key })))).rejects.toThrow(UnauthorizedException);
  });
});

describe('roleAllows', () => {
  const caller = (role: Role): Caller => ({ keyId: 'k', role, name: 'n', ip: '' });
  it('allows any role without @Roles, admin always, others when listed', () => {
    expect(roleAllows(caller(Role.Submitter), undefined)).toBe(true);
    expect(roleAllows(caller(Role.Admin), [Role.Setter])).toBe(true);
    expect(roleAllows(caller(Role.Setter), [Role.Setter])).toBe(true);
    expect(roleAllows(caller(Role.Submitter), [Role.Setter])).toBe(false);
  });
});
