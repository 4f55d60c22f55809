import { fileURLToPath } from 'node:url';

/**
 * Where the playground's bundle lives: `dist/playground/` (vite's output, `npm run build`), found
 * from this module's place in `dist/src/playground/`. `index.html` is the page, `assets/` its
 * hashed scripts and styles.
 */
export const PLAYGROUND_BUNDLE_DIR = fileURLToPath(new URL('../../playground/', import.meta.url));

/** Injection token of the bundle directory PlaygroundController reads (PLAYGROUND_BUNDLE_DIR; specs give their own). */
export const PLAYGROUND_BUNDLE = Symbol('PLAYGROUND_BUNDLE');

/** URL path under which the bundle's `assets/` folder is served (vite's `assetsDir`, base `/`). */
export const PLAYGROUND_ASSETS_ROUTE = '/assets';

/**
 * The page's Content-Security-Policy: scripts, styles, fonts and connections (REST and Socket.IO)
 * only from the API's own origin, nothing framed, no plugins. CodeMirror writes its styles into
 * `<style>` elements, hence `'unsafe-inline'` for styles only.
 */
export const PLAYGROUND_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');
