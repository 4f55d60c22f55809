import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { PLAYGROUND_BUNDLE, PLAYGROUND_CSP } from './playground-bundle.js';
import { Public } from '../auth/public.decorator.js';

/** What `/` answers when the bundle was not built: a plain-text 503 saying how to build it. */
export const MISSING_BUNDLE_MESSAGE =
  'The playground is not built: dist/playground/index.html is missing. Run `npm run build` (tsc, then vite) and restart the API.\n' +
  'The REST API, /docs and Socket.IO work without it.\n';

/**
 * `GET /`: the playground page (dist/playground/index.html), read on every request (a few KiB), with
 * a strict Content-Security-Policy; a 503 naming the missing bundle and `npm run build` when it is not
 * there. Not part of the OpenAPI document.
 */
@ApiExcludeController()
@Public()
@Controller()
export class PlaygroundController {
  /** @param bundleDir the directory holding vite's index.html (PLAYGROUND_BUNDLE_DIR). */
  constructor(@Inject(PLAYGROUND_BUNDLE) private readonly bundleDir: string) {}

  @Get()
  async page(@Res() res: Response): Promise<void> {
    let html: string;
    try {
      html = await readFile(path.join(this.bundleDir, 'index.html'), 'utf8');
    } catch {
      res
        .status(HttpStatus.SERVICE_UNAVAILABLE)
        .set('Cache-Control', 'no-store')
        .type('text/plain; charset=utf-8')
        .send(MISSING_BUNDLE_MESSAGE);
      return;
    }
    res
      .status(HttpStatus.OK)
      .set({
        'Content-Security-Policy': PLAYGROUND_CSP,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        // The page names its hashed assets: a new build must be seen at once.
        'Cache-Control': 'no-cache',
      })
      .type('text/html; charset=utf-8')
      .send(html);
  }
}
