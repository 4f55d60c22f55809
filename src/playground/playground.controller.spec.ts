import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Response } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { PLAYGROUND_CSP } from './playground-bundle.js';
import { MISSING_BUNDLE_MESSAGE, PlaygroundController } from './playground.controller.js';

/** The parts of an Express response the controller uses, recording what it was given. */
function recordingResponse(): { res: Response; sent: { status?: number; headers: Record<string, string>; type?: string; body?: unknown } } {
  const sent: { status?: number; headers: Record<string, string>; type?: string; body?: unknown } = { headers: {} };
  const res = {
    status(code: number) {
      sent.status = code;
      return res;
    },
    set(name: string | Record<string, string>, value?: string) {
      Object.assign(sent.headers, typeof name === 'string' ? { [name]: value } : name);
      return res;
    },
    type(type: string) {
      sent.type = type;
      return res;
    },
    send(body: unknown) {
      sent.body = body;
      return res;
    },
  };
  return { res: res as unknown as Response, sent };
}

describe('PlaygroundController', () => {
  let dir: string | null = null;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = null;
  });

  it('serves index.html with the Content-Security-Policy, never cached unchecked', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'playground-'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>x</title>');
    const { res, sent } = recordingResponse();
    await new PlaygroundController(dir).page(res);
    expect(sent).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', body: '<!doctype html><title>x</title>' });
    expect(sent.headers).toMatchObject({
      'Content-Security-Policy': PLAYGROUND_CSP,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    expect(PLAYGROUND_CSP).toContain("script-src 'self'");
    expect(PLAYGROUND_CSP).toContain("connect-src 'self'");
  });

  it('answers 503 naming the missing bundle and `npm run build` when it was not built', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'playground-'));
    const { res, sent } = recordingResponse();
    await new PlaygroundController(path.join(dir, 'absent')).page(res);
    expect(sent).toMatchObject({ status: 503, type: 'text/plain; charset=utf-8', body: MISSING_BUNDLE_MESSAGE });
    expect(MISSING_BUNDLE_MESSAGE).toContain('dist/playground/index.html is missing');
    expect(MISSING_BUNDLE_MESSAGE).toContain('npm run build');
  });
});
