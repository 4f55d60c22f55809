import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, chmod, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sandboxConfig, type SandboxConfig } from '../config/sandbox.config.js';
import { SHA256_HEX, TEST_DATA_STORE, type TestDataStore } from '../persistence/test-data/test-data.store.js';

/**
 * The worker's local copy of test data, by SHA-256: `<SANDBOX_WORK_DIR>/testdata/<hash>/data`,
 * downloaded once per worker (and kept across restarts), checked against its hash while it is
 * written, and made visible by one rename so no reader sees a partial file. The directory of
 * a file is what a custom validator gets mounted read-only; a submission gets the file as
 * stdin through a descriptor the worker opens (`stdin: { file }`), never copied into memory.
 * Files are 0444 in 0755 directories under a 0700 root-owned cache directory: the sandbox
 * reaches them only through the launcher's staged mounts.
 */
@Injectable()
export class TestDataCache implements OnModuleInit {
  private readonly logger = new Logger(TestDataCache.name);
  private readonly dir: string;
  /** Lookups (and downloads) under way, by hash. */
  private readonly inflight = new Map<string, Promise<string>>();

  constructor(
    @Inject(TEST_DATA_STORE) private readonly store: TestDataStore,
    @Inject(sandboxConfig.KEY) cfg: SandboxConfig,
  ) {
    this.dir = join(cfg.workDir, 'testdata');
  }

  async onModuleInit(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await chmod(this.dir, 0o700);
    // Downloads a dead worker left half done.
    for (const entry of await readdir(this.dir)) {
      const pid = Number(/^\.tmp-(\d+)-/.exec(entry)?.[1]);
      if (pid && !isAlive(pid)) await rm(join(this.dir, entry), { recursive: true, force: true });
    }
  }

  /** Host directory holding the file of `hash` as `data` (mount it read-only). */
  dirOf(hash: string): string {
    if (!SHA256_HEX.test(hash)) throw new Error(`not a SHA-256: ${hash}`);
    return join(this.dir, hash);
  }

  /**
   * The local path of the file with `hash`, downloading it first when it is not cached.
   * `hit` is false when this call downloaded it (a call that joins a download already under
   * way, or finds the file on disk, is a hit: the worker downloads each file once).
   * @throws TestDataMissingError when the store has no such file; Error when the download does not match its hash.
   */
  async fetch(hash: string): Promise<{ path: string; hit: boolean }> {
    const pending = this.inflight.get(hash);
    if (pending) return { path: await pending, hit: true };
    const path = join(this.dirOf(hash), 'data');
    let downloaded = false;
    // Registered before any await, so a concurrent call for the same hash joins this one.
    const lookup = (async () => {
      if (await exists(path)) return path;
      downloaded = true;
      return this.download(hash);
    })().finally(() => this.inflight.delete(hash));
    this.inflight.set(hash, lookup);
    const found = await lookup;
    return { path: found, hit: !downloaded };
  }

  private async download(hash: string): Promise<string> {
    const staging = join(this.dir, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
    const finalDir = this.dirOf(hash);
    await mkdir(staging, { mode: 0o755 });
    try {
      const digest = createHash('sha256');
      let bytes = 0;
      const hashing = new Transform({
        transform(chunk: Buffer, _enc, done) {
          digest.update(chunk);
          bytes += chunk.length;
          done(null, chunk);
        },
      });
      const source = await this.store.openReadStream(hash);
      await pipeline(source, hashing, createWriteStream(join(staging, 'data'), { mode: 0o644, flags: 'wx' }));
      const actual = digest.digest('hex');
      if (actual !== hash) throw new Error(`test data file ${hash} is corrupt in the store (its bytes hash to ${actual})`);
      await chmod(join(staging, 'data'), 0o444);
      try {
        await rename(staging, finalDir);
      } catch (err) {
        // Another worker on this host cached it first.
        if (!['EEXIST', 'ENOTEMPTY'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
        await rm(staging, { recursive: true, force: true });
      }
      this.logger.debug({ hash, bytes }, 'test data cached');
      return join(finalDir, 'data');
    } catch (err) {
      await rm(staging, { recursive: true, force: true });
      throw err;
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
