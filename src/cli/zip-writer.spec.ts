import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { zipFiles } from './zip-writer.js';

/** Every entry of `zip` read back with yauzl (the library the API unzips packages with): name, Unix mode, data. */
async function readBack(zip: Buffer): Promise<{ name: string; mode: number; data: string }[]> {
  const archive = await yauzl.fromBufferPromise(zip, { lazyEntries: true, autoClose: false });
  const out: { name: string; mode: number; data: string }[] = [];
  for await (const entry of archive.eachEntry()) {
    const stream = await archive.openReadStreamPromise(entry);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    out.push({ name: entry.fileName, mode: entry.externalFileAttributes >>> 16, data: Buffer.concat(chunks).toString('utf8') });
  }
  archive.close();
  return out;
}

describe('zipFiles', () => {
  it('writes a zip that reads back with the same names (UTF-8), bytes and regular-file modes', async () => {
    const big = 'x'.repeat(200_000);
    const zip = zipFiles([
      { name: 'aplusb/problem.yaml', data: Buffer.from('name: A plus B\n') },
      { name: 'aplusb/data/secret/ünï.in', data: Buffer.from('1 2\n') },
      { name: 'aplusb/data/secret/big.in', data: Buffer.from(big) },
      { name: 'aplusb/empty', data: Buffer.alloc(0) },
    ]);
    expect(zip.length).toBeLessThan(big.length / 10); // deflated
    expect(await readBack(zip)).toEqual([
      { name: 'aplusb/problem.yaml', mode: 0o100644, data: 'name: A plus B\n' },
      { name: 'aplusb/data/secret/ünï.in', mode: 0o100644, data: '1 2\n' },
      { name: 'aplusb/data/secret/big.in', mode: 0o100644, data: big },
      { name: 'aplusb/empty', mode: 0o100644, data: '' },
    ]);
  });

  it('writes an empty archive for no files', async () => {
    expect(await readBack(zipFiles([]))).toEqual([]);
  });
});
