/**
 * The web playground against an API that requires keys (AUTH_MODE=on), in Chromium: without a key the
 * page loads (it is public) but its live connection is refused; with a key typed into its "API key"
 * field it lists problems, submits, and follows the result over Socket.IO, all with that key.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from './support/http.js';
import { ROOT, startApi, startWorker, testServices, type StartedApi, type StartedProcess } from './support/stack.js';

const CHROMIUM = '/usr/bin/chromium';
const SOURCE = 'print(input()[::-1])\n';

describe('web playground with API keys', () => {
  const env = testServices('auth-playground');
  let worker: StartedProcess;
  let api: StartedApi;
  let browser: Browser;
  let key: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: this test needs it (apt-get install chromium).`);
    [worker, api] = await Promise.all([startWorker(env), startApi({ ...env, AUTH_MODE: 'on' })]);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [path.join(ROOT, 'dist/src/auth/cli/keys.js'), 'create', '--role', 'submitter', '--name', 'web'],
      {
        cwd: ROOT,
        env: { ...process.env, ...env },
      },
    );
    key = /^key:\s+(\S+)$/m.exec(stdout)![1]!;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([api?.stop(), worker?.stop()]);
  });

  it('asks for nothing to load, then submits and follows live with the key typed in', async () => {
    const page = await browser.newPage();
    const sentKeys = new Set<string>();
    page.on('request', (r) => {
      const sent = r.headers()['x-api-key'];
      if (r.url().includes('/submissions')) sentKeys.add(sent ?? '(none)');
    });
    await page.goto(api.url);
    await page.waitForSelector('#language:not([disabled])', { state: 'attached', timeout: 60_000 });
    // No key: the live connection is refused.
    await page.waitForSelector('#connection[data-up="false"]', { timeout: 20_000 });
    expect(await page.textContent('#connection')).toContain('an API key is required');

    await page.fill('#api-key', key);
    await Promise.all([page.waitForEvent('load'), page.click('#api-key-save')]);
    await page.waitForSelector('#connection[data-up="true"]', { timeout: 20_000 });
    expect(await page.inputValue('#api-key')).toBe(key);
    expect(await page.evaluate(() => sessionStorage.getItem('verdict.apiKey'))).toBe(key);

    await page.waitForSelector('#language:not([disabled])', { state: 'attached', timeout: 60_000 });
    await page.selectOption('#problem', '');
    await page.selectOption('#language', 'python3');
    await page.click('.cm-content');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type(SOURCE);
    await page.fill('#stdin', 'abc\n');
    await page.fill('#expected', 'cba\n');
    await page.click('#submit');
    await page.waitForSelector('#summary[data-verdict]', { timeout: 60_000 });
    expect(await page.textContent('#summary')).toContain('Accepted');
    expect([...sentKeys]).toEqual([key]);

    // The submission is the key's own: readable with it, 401 without.
    const href = (await page.getAttribute('#permalink', 'href')) ?? '';
    const id = /([0-9a-f]{24})$/.exec(href)![1]!;
    expect((await request(api.url, 'GET', `/submissions/${id}`, undefined, { headers: { 'x-api-key': key } })).status).toBe(200);
    expect((await request(api.url, 'GET', `/submissions/${id}`)).status).toBe(401);
    await page.close();
  }, 180_000);
});
