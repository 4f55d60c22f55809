import { describe, expect, it } from 'vitest';
import type { Caller } from '../auth/caller.js';
import { Role } from '../auth/role.js';
import { isQuotaExempt, quotaTrackerOf } from './quota-caller.js';

const keyed = (role: Role, keyId = '6b0cf7de9a5a2d7dba1e512e'): Caller => ({ keyId, role, name: 'k', ip: '10.0.0.7' });
const open: Caller = { keyId: null, role: Role.Admin, name: 'open', ip: '127.0.0.1' };

describe('quotaTrackerOf', () => {
  it('counts an API key by its id, whatever address it calls from', () => {
    expect(quotaTrackerOf(keyed(Role.Submitter), '10.0.0.7')).toBe('key:6b0cf7de9a5a2d7dba1e512e');
    expect(quotaTrackerOf(keyed(Role.Submitter), '10.0.0.8')).toBe('key:6b0cf7de9a5a2d7dba1e512e');
    expect(quotaTrackerOf(keyed(Role.Submitter, 'aaaaaaaaaaaaaaaaaaaaaaaa'), '10.0.0.7')).not.toBe(
      quotaTrackerOf(keyed(Role.Submitter), '10.0.0.7'),
    );
  });

  it('counts open callers and keyless calls by client address, IPv6 per /64', () => {
    expect(quotaTrackerOf(open, '127.0.0.1')).toBe('ip:127.0.0.1');
    expect(quotaTrackerOf(undefined, '192.0.2.4')).toBe('ip:192.0.2.4');
    expect(quotaTrackerOf(undefined, '2001:db8:1:2::5')).toBe(quotaTrackerOf(undefined, '2001:db8:1:2:ffff::9'));
    expect(quotaTrackerOf(undefined, '2001:db8:1:2::5')).not.toBe(quotaTrackerOf(undefined, '2001:db8:1:3::5'));
    expect(quotaTrackerOf(undefined, undefined)).toBe('ip:unknown');
  });
});

describe('isQuotaExempt', () => {
  it('exempts admin keys only, and only when asked; open callers (admin without a key) never', () => {
    expect(isQuotaExempt(keyed(Role.Admin), true)).toBe(true);
    expect(isQuotaExempt(keyed(Role.Admin), false)).toBe(false);
    expect(isQuotaExempt(keyed(Role.Setter), true)).toBe(false);
    expect(isQuotaExempt(keyed(Role.Submitter), true)).toBe(false);
    expect(isQuotaExempt(open, true)).toBe(false);
    expect(isQuotaExempt(undefined, true)).toBe(false);
  });
});
