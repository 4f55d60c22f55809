/**
 * The web playground (src/playground) in a real browser: Chromium driven by playwright-core against
 * the built API and worker (`npm run build` bundles the page into dist/playground), real Redis,
 * FerretDB and sandbox. A problem package with 4 test cases is imported; the page submits through
 * its own form and editor and shows what the API and Socket.IO report. Screenshots go to
 * test-artifacts/playground/ (gitignored). Needs Chromium at /usr/bin/chromium: without it the
 * test fails saying so.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from './support/http.js';
import { fixtureZip, importPackage } from './support/problems.js';
import { ROOT, startApi, startWorker, testServices, type StartedApi, type StartedProcess } from './support/stack.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, 'test-artifacts/playground');
/** Longest a judging may take to show up in the page, ms (the worker may be busy with the first Python run). */
const JUDGED_WITHIN_MS = 60_000;

const A_PLUS_B = 'a, b = map(int, input().split())\nprint(a + b)\n';
/** Right on test 1 (sample `1 2`), wrong on test 2 (`2 3`: prints 6). */
const RIGHT_ON_FIRST_ONLY = 'a, b = map(int, input().split())\nprint(a + b if a == 1 else a * b)\n';

describe('web playground', () => {
  const env = testServices('playground');
  let worker: StartedProcess;
  let api: StartedApi;
  let browser: Browser;
  let problemId: string;
  /** Every URL the pages asked for (requests and WebSockets), to prove nothing left the API's origin. */
  const requested: string[] = [];
  /** Uncaught page errors and console errors (a CSP violation is one). */
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is not installed at ${CHROMIUM}: the playground test needs it (apt-get install chromium).`);
    }
    if (!existsSync(path.join(ROOT, 'dist/playground/index.html'))) {
      throw new Error('dist/playground/index.html is missing: run `npm run build` (it bundles the playground with vite).');
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    [worker, api] = await Promise.all([startWorker(env), startApi(env)]);
    const imported = await importPackage<{ id: string; testCount: number }>(api.url, fixtureZip('aplusb'));
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(imported.body.testCount).toBe(4);
    problemId = imported.body.id;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([api?.stop(), worker?.stop()]);
  });

  /** A new page on the playground, recording its requests and errors, with languages and problems loaded. */
  async function openPlayground(urlPath = '/', viewport = { width: 1280, height: 900 }): Promise<Page> {
    const page = await browser.newPage({ viewport });
    page.on('request', (r) => requested.push(r.url()));
    page.on('websocket', (ws) => requested.push(ws.url()));
    page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`console: ${message.text()} at ${JSON.stringify(message.location())}`);
    });
    await page.goto(`${api.url}${urlPath}`);
    await page.waitForSelector('#language:not([disabled])', { state: 'attached', timeout: 60_000 });
    await page.waitForSelector(`#problem option[value="${problemId}"]`, { state: 'attached' });
    return page;
  }

  /** Replaces the editor's text by typing `source` key by key, as a user would. */
  async function typeSource(page: Page, source: string): Promise<void> {
    await page.click('.cm-content');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type(source);
    expect(await page.textContent('.cm-content')).toBe(source.replace(/\n/g, ''));
  }

  /** Waits until the summary line shows a final verdict; returns it and the table's rows. */
  async function judged(
    page: Page,
  ): Promise<{ summary: string; rows: { test: string; name: string; verdict: string; reason: string; cpu: string; memory: string }[] }> {
    await page.waitForSelector('#summary[data-verdict]', { timeout: JUDGED_WITHIN_MS });
    const summary = (await page.textContent('#summary')) ?? '';
    const rows = await page.$$eval('#tests tbody tr', (trs) =>
      trs.map((tr) => {
        const cells = [...tr.children].map((c) => c.textContent ?? '');
        const verdictCell = tr.children[2]!;
        const reason = verdictCell.querySelector('.checker-message')?.textContent ?? '';
        const verdict = (verdictCell.textContent ?? '').slice(0, (verdictCell.textContent ?? '').length - reason.length);
        return { test: cells[0]!, name: cells[1]!, verdict, reason, cpu: cells[3]!, memory: cells[4]! };
      }),
    );
    return { summary, rows };
  }

  // Code run in the page reaches the document through the element it is given (`ownerDocument`):
  // this file is type-checked without the DOM library (tsconfig.json is the Node.js side's).

  /** Whether the editor has the focus. */
  function focusedIsEditor(page: Page): Promise<boolean> {
    return page.locator('html').evaluate((html) => html.ownerDocument.activeElement?.classList.contains('cm-content') ?? false);
  }

  /** The page's scroll width and its viewport's width, CSS px: equal unless it scrolls sideways. */
  function horizontalExtent(page: Page): Promise<{ scroll: number; client: number }> {
    return page.locator('html').evaluate((html) => ({ scroll: html.scrollWidth, client: html.clientWidth }));
  }

  async function submittedId(page: Page): Promise<string> {
    const href = (await page.getAttribute('#permalink', 'href')) ?? '';
    const id = /^#\/submissions\/([0-9a-f]{24})$/.exec(href)?.[1];
    expect(id, `permalink ${href}`).toBeDefined();
    return id!;
  }

  it('serves the page at / beside the REST API, /docs, /docs-json, Socket.IO and the Judge0 API', async () => {
    const page = await fetch(`${api.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const html = await page.text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${api.url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${api.url}/assets/nothing-here.js`)).status).toBe(404);
    expect((await fetch(`${api.url}/docs`)).status).toBe(200);
    const openApi = await request<{ paths: Record<string, unknown> }>(api.url, 'GET', '/docs-json');
    expect(openApi.status).toBe(200);
    expect(Object.keys(openApi.body.paths)).not.toContain('/');
    expect((await request(api.url, 'GET', '/health')).status).toBe(200);
    expect((await request(api.url, 'GET', '/judge0/config_info')).status).toBe(200);
    expect((await fetch(`${api.url}/socket.io/?EIO=4&transport=polling`)).status).toBe(200);
    expect((await request(api.url, 'GET', '/no-such-route')).status).toBe(404);
  });

  it('GET /submissions?problemId= lists one problem, and refuses a malformed id with a 400 naming it', async () => {
    const bad = await request<{ message: string[] }>(api.url, 'GET', '/submissions?problemId=nope');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('problemId must be a 24-character hex string');
    const free = await request<{ id: string }>(api.url, 'POST', '/submissions', { language: 'python3', sourceCode: 'print(1)\n' });
    expect(free.status).toBe(201);
    const listed = await request<{ items: { id: string; problemId: string | null }[] }>(
      api.url,
      'GET',
      `/submissions?problemId=${problemId}`,
    );
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((s) => s.id)).not.toContain(free.body.id);
    expect(listed.body.items.every((s) => s.problemId === problemId)).toBe(true);
  });

  it('judges a problem submission live: Accepted on every test, then Wrong Answer on test 2; the permalink shows the stored result', async () => {
    const page = await openPlayground();
    await page.selectOption('#problem', problemId);
    await page.waitForSelector('#statement-panel:not([hidden])');
    expect(await page.textContent('#statement-title')).toBe('A plus B');
    expect(await page.isHidden('#free-run')).toBe(true);
    await page.selectOption('#language', 'python3');
    expect(await page.getAttribute('.cm-editor .cm-content', 'aria-labelledby')).toBe('source-label');

    await typeSource(page, A_PLUS_B);
    await page.click('#submit');
    const accepted = await judged(page);
    const acceptedId = await submittedId(page);
    await page.screenshot({ path: path.join(ARTIFACTS, 'accepted.png'), fullPage: true });
    expect(accepted.summary).toContain('Accepted');
    expect(accepted.rows.map((r) => [r.test, r.name, r.verdict])).toEqual([
      ['1', 'sample/1', 'Accepted'],
      ['2', 'secret/01-small', 'Accepted'],
      ['3', 'secret/02-big', 'Accepted'],
      ['4', 'secret/03-negative', 'Accepted'],
    ]);
    for (const row of accepted.rows) {
      expect(row.cpu).toMatch(/^\d[\d,]* ms$/);
      expect(row.memory).toMatch(/^\d[\d,]* KiB$/);
    }
    // The page shows what the API stored.
    const stored = await request<{ verdict: string; tests: { cpuTimeMs: number }[] }>(api.url, 'GET', `/submissions/${acceptedId}`);
    expect(stored.body.verdict).toBe('AC');
    expect(accepted.rows[0]!.cpu).toBe(`${stored.body.tests[0]!.cpuTimeMs.toLocaleString('en')} ms`);
    await page.waitForSelector(`#recent-list li[data-submission-id="${acceptedId}"] a[data-verdict="AC"]`);

    await typeSource(page, RIGHT_ON_FIRST_ONLY);
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector(`#permalink:not([href$="${acceptedId}"])`, { state: 'attached' });
    const wrong = await judged(page);
    const wrongId = await submittedId(page);
    await page.screenshot({ path: path.join(ARTIFACTS, 'wrong-answer.png'), fullPage: true });
    expect(wrong.summary).toContain('Wrong Answer');
    expect(wrong.rows.map((r) => r.verdict)).toEqual(['Accepted', 'Wrong Answer', 'Not run', 'Not run']);
    // Test 2 is secret: its row says only the verdict, no checker reason (a reason would leak the answer token by token).
    expect(wrong.rows[1]!.reason).toBe('');
    // Recent submissions: both, newest first, the wrong one updated when it finished.
    await page.waitForSelector(`#recent-list li[data-submission-id="${wrongId}"] a[data-verdict="WA"]`);
    const recentIds = await page.$$eval('#recent-list li', (lis) => lis.map((li) => li.getAttribute('data-submission-id')));
    expect(recentIds.slice(0, 2)).toEqual([wrongId, acceptedId]);
    const note = (await page.textContent('#recent-note')) ?? '';
    expect(note).toMatch(/^Updates (live as anyone submits|as your own submissions finish)\.$/);

    // Someone else's submission of the problem (made over REST): pushed live when the server has
    // problem subscriptions, else listed once the problem's submissions are read again.
    const other = await request<{ id: string }>(api.url, 'POST', '/submissions', { problemId, language: 'python3', sourceCode: A_PLUS_B });
    expect(other.status).toBe(201);
    if (!note.startsWith('Updates live')) {
      for (let deadline = Date.now() + JUDGED_WITHIN_MS; ;) {
        const view = await request<{ status: string }>(api.url, 'GET', `/submissions/${other.body.id}`);
        if (view.body.status === 'finished') break;
        if (Date.now() > deadline) throw new Error(`submission ${other.body.id} not finished in ${JUDGED_WITHIN_MS} ms`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      await page.selectOption('#problem', '');
      await page.selectOption('#problem', problemId);
    }
    await page.waitForSelector(`#recent-list li[data-submission-id="${other.body.id}"] a[data-verdict="AC"]`, {
      timeout: JUDGED_WITHIN_MS,
    });

    // The permalink, opened in a new page, shows the stored submission with its per-test results.
    const href = await page.getAttribute('#permalink', 'href');
    const stored2 = await browser.newPage();
    stored2.on('request', (r) => requested.push(r.url()));
    await stored2.goto(`${api.url}/${href}`);
    const reopened = await judged(stored2);
    expect(reopened.summary).toContain('Wrong Answer');
    expect(reopened.rows.map((r) => r.verdict)).toEqual(['Accepted', 'Wrong Answer', 'Not run', 'Not run']);
    expect(await stored2.inputValue('#problem')).toBe(problemId);
    await stored2.waitForSelector(`#recent-list li[data-submission-id="${acceptedId}"]`);
    await stored2.screenshot({ path: path.join(ARTIFACTS, 'permalink.png'), fullPage: true });
    // The query-string form of the permalink too.
    const query = await browser.newPage();
    await query.goto(`${api.url}/?submission=${acceptedId}`);
    expect((await judged(query)).rows.map((r) => r.verdict)).toEqual(['Accepted', 'Accepted', 'Accepted', 'Accepted']);
    await Promise.all([stored2.close(), query.close(), page.close()]);
  });

  it('renders a Markdown statement, sanitised: no script, handler, javascript: link or foreign image', async () => {
    const markdown = [
      '# Adding numbers',
      '',
      'Read **two** integers and print their sum.',
      '',
      '<script>window.__pwned = 1</script>',
      '<p onclick="window.__pwned = 2" id="clicky">Click me</p>',
      '',
      '![tracker](https://example.com/track.png) [a link](javascript:window.__pwned=3) [docs](https://example.com/docs)',
      '',
      // An address that does not parse, media with a poster from elsewhere, an id that would shadow the page's own.
      '<img src="http://[::1" alt="broken"> <video poster="https://example.com/p.png"></video> <div id="problem" name="x">shadow</div>',
    ].join('\n');
    const zip = fixtureZip('aplusb', [{ name: 'aplusb/problem_statement/problem.en.md', data: markdown }]);
    const imported = await importPackage<{ id: string }>(api.url, zip, { slug: 'aplusb-statement' });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    const page = await openPlayground();
    await page.waitForSelector(`#problem option[value="${imported.body.id}"]`, { state: 'attached' });
    await page.selectOption('#problem', imported.body.id);
    await page.waitForSelector('#statement h1');
    expect(await page.textContent('#statement h1')).toBe('Adding numbers');
    expect(await page.textContent('#statement strong')).toBe('two');
    const rendered = await page.locator('#statement').evaluate((root) => {
      return {
        scripts: root.querySelectorAll('script').length,
        handlers: [...root.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
        images: root.querySelectorAll('img').length,
        videos: root.querySelectorAll('video').length,
        ids: root.querySelectorAll('[id], [name]').length,
        hrefs: [...root.querySelectorAll('a')].map((a) => a.getAttribute('href')),
        text: root.textContent,
        pwned: (root.ownerDocument.defaultView as { __pwned?: number }).__pwned ?? null,
      };
    });
    await page.click('#statement p:has-text("Click me")');
    expect(
      await page.locator('#statement').evaluate((root) => (root.ownerDocument.defaultView as { __pwned?: number }).__pwned ?? null),
    ).toBeNull();
    expect(rendered).toMatchObject({ scripts: 0, handlers: 0, images: 0, pwned: null, videos: 0, ids: 0 });
    expect(rendered.text).toContain('[image: broken]');
    expect(rendered.hrefs).not.toContain('javascript:window.__pwned=3');
    expect(rendered.hrefs).toContain('https://example.com/docs');
    expect(rendered.text).toContain('[image: tracker]');
    await page.screenshot({ path: path.join(ARTIFACTS, 'statement.png'), fullPage: true });
    await page.close();
  });

  it('runs a program without a problem on the given stdin and shows its output', async () => {
    const page = await openPlayground();
    await page.selectOption('#problem', '');
    await page.selectOption('#language', 'python3');
    await page.fill('#stdin', 'hello\n');
    await page.fill('#expected', 'olleh\n');
    await typeSource(page, 'print(input()[::-1])\n');
    await page.click('#submit');
    const run = await judged(page);
    await page.screenshot({ path: path.join(ARTIFACTS, 'free-run.png'), fullPage: true });
    expect(run.summary).toContain('Accepted');
    expect(run.rows.map((r) => [r.test, r.verdict])).toEqual([['1', 'Accepted']]);
    expect(await page.textContent('#run-output')).toBe('olleh\n');
    // A wrong expected output: a free run's test is the submitter's own, so the checker's reason is shown with the verdict.
    await page.fill('#expected', 'hello\n');
    await page.click('#submit');
    await page.locator('#summary', { hasText: 'Wrong Answer' }).waitFor({ timeout: JUDGED_WITHIN_MS });
    const wrong = await judged(page);
    expect(wrong.rows.map((r) => [r.verdict, r.reason])).toEqual([
      ['Wrong Answer', expect.stringMatching(/expected "hello", got "olleh"/)],
    ]);
    await page.close();
  });

  it('shows a compilation error with the line it names, which takes the cursor there', async () => {
    const page = await openPlayground();
    await page.selectOption('#problem', '');
    await page.selectOption('#language', 'python3');
    await typeSource(page, 'x = 1\ny = = 2\nprint(x)\n');
    await page.click('#submit');
    const result = await judged(page);
    await page.screenshot({ path: path.join(ARTIFACTS, 'compilation-error.png'), fullPage: true });
    expect(result.summary).toContain('Compilation Error');
    expect(await page.isVisible('#compile-panel')).toBe(true);
    expect(await page.textContent('#compile-output')).toContain('line 2');
    // Only the submission's own lines: not those of the checker's traceback through /usr/lib/python3/ast.py.
    expect(await page.$$eval('#compile-lines button', (buttons) => buttons.map((b) => b.textContent))).toEqual(['Line 2']);
    await page.click('#compile-lines button:text-is("Line 2")');
    expect(await focusedIsEditor(page)).toBe(true);
    // The cursor is on line 2: typing there changes that line.
    await page.keyboard.type('#');
    expect(await page.$$eval('.cm-line', (lines) => lines.map((l) => l.textContent))).toEqual(['x = 1', '#y = = 2', 'print(x)', '']);
    await page.close();
  });

  it('has no horizontal scroll at 390 px wide', async () => {
    const page = await openPlayground('/', { width: 390, height: 844 });
    await page.selectOption('#problem', problemId);
    await page.waitForSelector('#statement-panel:not([hidden])');
    const before = await horizontalExtent(page);
    expect(before.scroll).toBeLessThanOrEqual(before.client);
    await typeSource(page, A_PLUS_B);
    await page.click('#submit');
    await judged(page);
    const after = await horizontalExtent(page);
    expect(after.scroll).toBeLessThanOrEqual(after.client);
    await page.screenshot({ path: path.join(ARTIFACTS, 'narrow-390.png'), fullPage: true });
    await page.close();
  });

  it('submits with the keyboard alone: Tab to each control in order, arrows to pick, Ctrl+Enter to submit', async () => {
    const page = await openPlayground();
    const focused = () =>
      page.locator('html').evaluate((html) => {
        const el = html.ownerDocument.activeElement;
        return el?.id || (el?.classList.contains('cm-content') ? 'editor' : (el?.tagName ?? ''));
      });
    const order: string[] = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      order.push(await focused());
    }
    // The skip link first, then the pickers in reading order.
    expect(order).toEqual(['A', 'problem', 'language']);
    // Focus is visible: the focused control has an outline.
    expect(
      await page
        .locator('html')
        .evaluate((html) => html.ownerDocument.defaultView!.getComputedStyle(html.ownerDocument.activeElement!).outlineStyle),
    ).toBe('solid');
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('problem');
    // A closed <select> changes its value with the arrow keys (the fixture's problem is one of two).
    for (let i = 0; i < 3 && (await page.inputValue('#problem')) !== problemId; i++) await page.keyboard.press('ArrowDown');
    expect(await page.inputValue('#problem')).toBe(problemId);
    await page.waitForSelector('#statement-panel:not([hidden])');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('language');
    expect(await page.inputValue('#language')).toBe('python3');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('editor');
    await page.keyboard.type(A_PLUS_B);
    // Tab leaves the editor (it does not insert a tab), so nothing traps the keyboard.
    await page.keyboard.press('Tab');
    expect(await focused()).not.toBe('editor');
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('editor');
    await page.keyboard.press('Control+Enter');
    const result = await judged(page);
    expect(result.summary).toContain('Accepted');
    expect(result.rows.map((r) => r.verdict)).toEqual(['Accepted', 'Accepted', 'Accepted', 'Accepted']);
    // The editor kept exactly what was typed (Ctrl+Enter did not insert a line).
    expect(await page.$$eval('.cm-line', (lines) => lines.map((l) => l.textContent))).toEqual([
      'a, b = map(int, input().split())',
      'print(a + b)',
      '',
    ]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'keyboard.png'), fullPage: true });
    await page.close();
  });

  it('asked for nothing outside the API, and logged no error', () => {
    const origin = new URL(api.url);
    const foreign = requested.filter((url) => {
      const u = new URL(url);
      return u.hostname !== origin.hostname || u.port !== origin.port;
    });
    expect(requested.length).toBeGreaterThan(10);
    expect(foreign).toEqual([]);
    // Chromium reports the statement's onclick attribute as a CSP violation while DOMPurify's parser
    // reads it (before the attribute is dropped): the policy at work, not an error of the page.
    const inlineHandler =
      /^console: Executing inline event handler violates the following Content Security Policy directive 'script-src 'self''/;
    expect(pageErrors.filter((e) => !inlineHandler.test(e))).toEqual([]);
  });
});
