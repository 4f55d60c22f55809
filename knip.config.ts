import type { KnipConfig } from 'knip';

// Unused files, exports, types and dependencies (`npm run knip`). Entry points beyond what knip
// finds by itself (package.json scripts, vitest's test files, nest-cli.json): the two processes and
// the command-line tools documented in the README and docs/ (the `verdict` CLI: bin/verdict.mjs runs the built src/cli/main.ts; `npm run keys`: src/auth/cli/keys.ts), and libs/contracts/index.ts (the
// documented contract other services build against).
const config: KnipConfig = {
  entry: [
    'src/main.ts',
    'src/main.worker.ts',
    'src/cli/main.ts',
    'src/auth/cli/keys.ts',
    'bin/*.mjs',
    'scripts/*.mjs',
    'bench/*.mjs',
    'libs/contracts/index.ts',
  ],
  // An export its own file uses (a nested Mongoose schema, a type in an exported signature) is not dead.
  ignoreExportsUsedInFile: true,
  project: ['src/**/*.ts', 'libs/**/*.ts', 'bin/**/*.mjs', 'test/**/*.ts', 'scripts/**/*.mjs', 'bench/**/*.mjs', '*.ts', '*.mjs'],
  // Run by tests and scripts from the host (Debian packages gcc, binutils, redis-server, golang-go, procps), not npm packages.
  ignoreBinaries: ['gcc', 'readelf', 'objdump', 'redis-server', 'go', 'uptime'],
  // `import type {} from 'multer'` loads @types/multer's Express.Multer types; multer itself comes
  // with @nestjs/platform-express and is never imported.
  // @redocly/cli is run as a program (test/openapi.e2e-spec.ts starts its bin from the package directory).
  // pino-pretty is loaded by pino by name, as a transport target (src/logging/logging.module.ts).
  ignoreDependencies: ['multer', '@redocly/cli', 'pino-pretty'],
  // The playground's bundle: vite's config, whose root index.html loads src/playground/web/main.ts.
  vite: { config: ['src/playground/web/vite.config.ts'], entry: ['src/playground/web/main.ts'] },
};

export default config;
