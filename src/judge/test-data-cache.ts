import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, chmod, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sandboxConfig, type SandboxConfig } from '../config/sandbox.config.js';
import { SHA256_HEX, TEST_DATA_STORE, type TestDataStore } from '../persistence/test-data/test-data.store.js';
import { DiskLru, type Lease } from './disk-lru.js';
import { removeEntry, scanEntries, stampUse } from './disk-usage.js';
import { isProcessAlive } from '../../libs/sandbox/index.js';

/** A test data file in the worker's cache, held for a judging until `lease.release()`. */
export interface FetchedFile {
  path: string;
  /** False when this call downloaded the file. */
  hit: boolean;
  lease: Lease;
}

/**
 * The worker's local copy of test data, by SHA-256: `<SANDBOX_WORK_DIR>/testdata/<hash>/data`,
 * downloaded once per worker (and kept across restarts), checked against its hash while it is
 * written, and made visible by one rename so no reader sees a partial file. The directory of
 * a file is what a custom validator gets mounted read-only; a submission gets the file as
 * stdin through a descriptor the worker opens (`stdin: { file }`), never copied into memory.
 * Files are 0444 in 0755 directories under a 0700 root-owned cache directory: the sandbox
 * reaches them only through the launcher's staged mounts.
 * The cache keeps at most WORKER_TEST_DATA_CACHE_BYTES of files no judging holds (`DiskLru`):
 * a fetch leases its file until the judging releases it; the least recently used unleased files
 * go first when a download pushes the total over the budget. A file's directory mtime is its
 * last use, so a restart (which scans the sizes) keeps the order.
 */
@Injectable()
export class TestDataCache implements OnModuleInit {
  private readonly logger = new Logger(TestDataCache.name);
  private readonly dir: string;
  /** Lookups (and downloads) under way, by hash. */
  private readonly inflight = new Map<string, Promise<string>>();
  private readonly lru: DiskLru;

  constructor(
    @Inject(TEST_DATA_STORE) private readonly store: TestDataStore,
    @Inject(sandboxConfig.KEY) cfg: SandboxConfig,
  ) {
    this.dir = join(cfg.workDir, 'testdata');
    this.lru = new DiskLru(
      'test data',
      cfg.diskCache.testDataBytes,
      (hash) => removeEntry(this.dirOf(hash)),
      (hash) => stampUse(this.dirOf(hash)),
    );
  }

  async onModuleInit(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await chmod(this.dir, 0o700);
    // Downloads a dead worker left half done.
    for (const entry of await readdir(this.dir)) {
      const pid = Number(/^\.tmp-(\d+)-/.exec(entry)?.[1]);
      if (pid && !isProcessAlive(pid)) await rm(join(this.dir, entry), { recursive: true, force: true });
    }
    await this.lru.load(await scanEntries(this.dir, (name) => (SHA256_HEX.test(name) ? name : null)));
  }

  /** Bytes of the cached files (those in use included). */
  get totalBytes(): number {
    return this.lru.totalBytes;
  }

  /** Host directory holding the file of `hash` as `data` (mount it read-only). */
  dirOf(hash: string): string {
    if (!SHA256_HEX.test(hash)) throw new Error(`not a SHA-256: ${hash}`);
    return join(this.dir, hash);
  }

  /**
   * The local path of the file with `hash`, downloading it first when it is not cached, leased:
   * the file stays on disk until `lease.release()` (call it when the judging ends). `hit` is false when this call downloaded it (a call that joins a download already under
   * way, or finds the file on disk, is a hit: the worker downloads each file once).
   * @throws TestDataMissingError when the store has no such file; Error when the download does not match its hash.
   */
  async fetch(hash: string): Promise<FetchedFile> {
    const path = join(this.dirOf(hash), 'data');
    // Held before anything else: from here on no eviction removes the file.
    const lease = await this.lru.lease(hash);
    try {
      const pending = this.inflight.get(hash);
      if (pending) return { path: await pending, hit: true, lease };
      let downloaded = false;
      // Registered before any await, so a concurrent call for the same hash joins this one.
      const lookup = (async () => {
        if (await exists(path)) {
          // Cached by another worker sharing the directory since the start's scan: counted from now on.
          if (!this.lru.has(hash)) await this.lru.record(hash, (await stat(path)).size);
          return path;
        }
        downloaded = true;
        return this.download(hash);
      })().finally(() => this.inflight.delete(hash));
      this.inflight.set(hash, lookup);
      const found = await lookup;
      return { path: found, hit: !downloaded, lease };
    } catch (err) {
      lease.release();
      throw err;
    }
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
      await this.lru.record(hash, bytes);
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
