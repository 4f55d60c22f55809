import { defineConfig } from 'vite';

// The playground's bundle (`npm run build`, after tsc): `vite build --config src/playground/web/vite.config.ts`
// from the project root. Paths are relative to that root (the build's working directory) so this file
// needs no Node.js API and type-checks with the browser code (./tsconfig.json).
export default defineConfig({
  root: 'src/playground/web',
  base: '/',
  // Nothing is copied as-is: every file the page uses is imported, bundled and content-hashed.
  publicDir: false,
  build: {
    outDir: '../../../dist/playground',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
    // CodeMirror with six language modes is one chunk of ~1 MiB minified; it is served once and cached.
    chunkSizeWarningLimit: 2048,
  },
});
