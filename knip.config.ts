import type { KnipConfig } from 'knip';

// Unused files, exports, types and dependencies (`npm run knip`). Entry points beyond what knip
// finds by itself (package.json scripts, vitest's test files, nest-cli.json): the two processes and
// the command-line tools documented in the README and docs/.
const config: KnipConfig = {
  entry: ['src/main.ts', 'src/main.worker.ts', 'scripts/*.mjs', 'bench/*.mjs'],
  project: ['src/**/*.ts', 'libs/**/*.ts', 'test/**/*.ts', 'scripts/**/*.mjs', 'bench/**/*.mjs', '*.ts', '*.mjs'],
  // Run by tests from the host (Debian packages gcc, binutils), not npm packages.
  ignoreBinaries: ['gcc', 'readelf'],
  // `import type {} from 'multer'` loads @types/multer's Express.Multer types; multer itself comes
  // with @nestjs/platform-express and is never imported.
  ignoreDependencies: ['multer'],
};

export default config;
