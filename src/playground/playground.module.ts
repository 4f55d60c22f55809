import path from 'node:path';
import { Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { PLAYGROUND_ASSETS_ROUTE, PLAYGROUND_BUNDLE, PLAYGROUND_BUNDLE_DIR } from './playground-bundle.js';
import { PlaygroundController } from './playground.controller.js';

/**
 * The web playground (source in src/playground/web/, bundled by vite into dist/playground/):
 * the page at `/` (PlaygroundController) and its hashed assets under `/assets/` (express.static
 * through ServeStaticModule, cached for a year since every name carries its content hash; a missing
 * asset is a 404, never the page). Every other route (REST, /docs, /socket.io, /judge0) is untouched.
 */
@Module({
  imports: [
    ServeStaticModule.forRoot({
      rootPath: path.join(PLAYGROUND_BUNDLE_DIR, 'assets'),
      serveRoot: PLAYGROUND_ASSETS_ROUTE,
      // The module also answers its render path with rootPath/index.html; assets/ has none, so that is a 404 too.
      renderPath: '/index.html',
      serveStaticOptions: { index: false, fallthrough: false, immutable: true, maxAge: '365d', dotfiles: 'deny', redirect: false },
    }),
  ],
  controllers: [PlaygroundController],
  providers: [{ provide: PLAYGROUND_BUNDLE, useValue: PLAYGROUND_BUNDLE_DIR }],
})
export class PlaygroundModule {}
