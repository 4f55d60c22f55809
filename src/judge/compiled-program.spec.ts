import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ProgramTarget } from '../../libs/judging/index.js';
import { Box } from '../../libs/sandbox/index.js';
import { findProgram } from './compiled-program.js';

const root = mkdtempSync(join(tmpdir(), 'compiled-program-spec-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

const ELF: ProgramTarget = { file: 'main', format: 'elf', needs: 'Go needs `package main` with `func main()`' };
const JAVA: ProgramTarget = { format: 'java-class', needs: 'Java needs `public static void main(String[] args)` in class Main' };

/** The old shape of the check: null when the program is there, else the Compilation Error message. */
async function missingProgram(b: Box, target: ProgramTarget, sourceFile = 'Main.java'): Promise<string | null> {
  const found = await findProgram(b.hostPath, target, sourceFile);
  return 'problem' in found ? found.problem : null;
}

/** The class `findProgram` would run, or its problem. */
async function mainClassOf(b: Box, sourceFile: string): Promise<string> {
  const found = await findProgram(b.hostPath, JAVA, sourceFile);
  return 'problem' in found ? `problem: ${found.problem}` : String(found.mainClass);
}

async function box(files: Record<string, Buffer | string> = {}, mode = 0o755): Promise<Box> {
  const b = await Box.create(join(root, `box-${++n}`), process.getuid?.() ?? 0, process.getgid?.() ?? 0);
  for (const [name, data] of Object.entries(files)) {
    writeFileSync(join(b.hostPath, name), data);
    chmodSync(join(b.hostPath, name), mode);
  }
  return b;
}

/** A 64-bit little-endian ELF header of `type` with entry point `entry`. */
function elfHeader(type: number, entry: bigint): Buffer {
  const h = Buffer.alloc(64);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]).copy(h);
  h.writeUInt16LE(type, 16);
  h.writeUInt16LE(0x3e, 18);
  h.writeBigUInt64LE(entry, 24);
  return h;
}

/** A class file `name` extending `superName` with methods [name, descriptor, access flags]. */
function classFile(name: string, superName: string, methods: [string, string, number][]): Buffer {
  const pool: Buffer[] = [];
  const utf8 = (text: string): number => {
    const b = Buffer.from(text);
    const head = Buffer.alloc(3);
    head[0] = 1;
    head.writeUInt16BE(b.length, 1);
    pool.push(Buffer.concat([head, b]));
    return pool.length;
  };
  const cls = (text: string): number => {
    const nameIndex = utf8(text);
    const b = Buffer.alloc(3);
    b[0] = 7;
    b.writeUInt16BE(nameIndex, 1);
    pool.push(b);
    return pool.length;
  };
  const long = Buffer.alloc(9);
  long[0] = 5; // a long takes two pool slots
  pool.push(long, Buffer.alloc(0));
  const thisIndex = cls(name);
  const superIndex = cls(superName);
  const members = methods.map(([m, d, flags]) => {
    const b = Buffer.alloc(8);
    b.writeUInt16BE(flags, 0);
    b.writeUInt16BE(utf8(m), 2);
    b.writeUInt16BE(utf8(d), 4);
    return b;
  });
  const head = Buffer.alloc(10);
  head.writeUInt32BE(0xcafebabe, 0);
  head.writeUInt16BE(61, 6);
  head.writeUInt16BE(pool.length + 1, 8);
  const middle = Buffer.alloc(12);
  middle.writeUInt16BE(0x21, 0);
  middle.writeUInt16BE(thisIndex, 2);
  middle.writeUInt16BE(superIndex, 4);
  middle.writeUInt16BE(0, 6); // interfaces
  middle.writeUInt16BE(0, 8); // fields
  middle.writeUInt16BE(members.length, 10);
  return Buffer.concat([head, ...pool, middle, ...members, Buffer.alloc(2)]);
}

const MAIN: [string, string, number] = ['main', '([Ljava/lang/String;)V', 0x0009];

describe('findProgram', () => {
  it('accepts an executable ELF program: a PIE (/bin/true), a static executable', async () => {
    const b = await box({ main: elfHeader(2, 0x401000n) });
    expect(await missingProgram(b, ELF)).toBeNull();
    const pie = await box();
    copyFileSync('/bin/true', join(pie.hostPath, 'main'));
    expect(await missingProgram(pie, ELF)).toBeNull();
  });

  it('refuses no file, an archive, a non-ELF file, a non-executable, an object file, a shared library, with what the language needs', async () => {
    expect(await missingProgram(await box(), ELF)).toBe(
      'the compiler produced no program to run: there is no main; Go needs `package main` with `func main()`',
    );
    expect(await missingProgram(await box({ main: '!<arch>\n__.PKGDEF' }, 0o644), ELF)).toBe(
      'the compiler produced no program to run: main is a library archive, not an executable; Go needs `package main` with `func main()`',
    );
    expect(await missingProgram(await box({ main: '#!/bin/sh\necho 3\n' }), ELF)).toMatch(/: main is not an ELF file, not an executable; /);
    expect(await missingProgram(await box({ main: elfHeader(2, 0x401000n) }, 0o644), ELF)).toMatch(/: main is not executable; /);
    expect(await missingProgram(await box({ main: elfHeader(1, 0n) }), ELF)).toMatch(/: main is an object file, not an executable; /);
    expect(await missingProgram(await box({ main: elfHeader(3, 0n) }), ELF)).toMatch(/: main is a shared library, not an executable; /);
    expect(await missingProgram(await box({ main: elfHeader(4, 0n) }), ELF)).toMatch(/: main is not an executable ELF file; /);
    expect(await missingProgram(await box({ main: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1]) }), ELF)).toMatch(/truncated/);
  });

  it('never follows a link nor blocks on a FIFO; a directory is not a program', async () => {
    const link = await box();
    copyFileSync('/bin/true', join(root, 'outside'));
    symlinkSync(join(root, 'outside'), join(link.hostPath, 'main'));
    expect(await missingProgram(link, ELF)).toMatch(/: main is a symbolic link, not a program; /);
    const fifo = await box();
    execFileSync('/usr/bin/mkfifo', [join(fifo.hostPath, 'main')]);
    expect(await missingProgram(fifo, ELF)).toMatch(/: main is not a regular file; /);
    const dir = await box();
    mkdirSync(join(dir.hostPath, 'main'));
    expect(await missingProgram(dir, ELF)).toMatch(/: main is not a regular file; /);
  });

  it('java: Main with public static void main, its own or inherited from a superclass in the box', async () => {
    expect(await missingProgram(await box({ 'Main.class': classFile('Main', 'java/lang/Object', [MAIN]) }, 0o644), JAVA)).toBeNull();
    const inherited = await box(
      { 'Main.class': classFile('Main', 'Base', []), 'Base.class': classFile('Base', 'java/lang/Object', [MAIN]) },
      0o644,
    );
    expect(await missingProgram(inherited, JAVA)).toBeNull();
    // A superclass it cannot see (another package, the JDK's): the run decides.
    expect(await missingProgram(await box({ 'Main.class': classFile('Main', 'p/Base', []) }, 0o644), JAVA)).toBeNull();
    // Not a class file it understands: the run decides.
    expect(await missingProgram(await box({ 'Main.class': 'junk' }, 0o644), JAVA)).toBeNull();
  });

  it('java: no main, a main that is not public static or takes other arguments, no Main.class, Main in a package', async () => {
    const message =
      'the compiler produced no program to run: class Main has no public static void main(String[]); Java needs `public static void main(String[] args)` in class Main';
    expect(
      await missingProgram(await box({ 'Main.class': classFile('Main', 'java/lang/Object', [['solve', '()V', 9]]) }, 0o644), JAVA),
    ).toBe(message);
    const wrong = classFile('Main', 'java/lang/Object', [
      ['main', '([Ljava/lang/String;)V', 0x0001],
      ['main', '([Ljava/lang/String;)V', 0x0008],
      ['main', '()V', 0x0009],
    ]);
    expect(await missingProgram(await box({ 'Main.class': wrong }, 0o644), JAVA)).toBe(message);
    const chain = await box(
      { 'Main.class': classFile('Main', 'Base', []), 'Base.class': classFile('Base', 'java/lang/Object', []) },
      0o644,
    );
    expect(await missingProgram(chain, JAVA)).toBe(message);
    expect(await missingProgram(await box(), JAVA)).toMatch(/: there is no class file; Java needs/);
    expect(await missingProgram(await box({ 'Main.class': classFile('foo/bar/Main', 'java/lang/Object', [MAIN]) }, 0o644), JAVA)).toBe(
      'the compiler produced no program to run: Main.class is in package foo.bar, and the run starts a class of the default package (no package declaration); Java needs `public static void main(String[] args)` in class Main',
    );
  });

  it('java: runs the public class (named like the file) with main, else the only class with main', async () => {
    const solution = classFile('Solution', 'java/lang/Object', [MAIN]);
    const helper = classFile('Helper', 'java/lang/Object', [['solve', '()V', 9]]);
    expect(await mainClassOf(await box({ 'Solution.class': solution, 'Helper.class': helper }, 0o644), 'Solution.java')).toBe('Solution');
    // No public class (saved as Main.java): the one class with main, whatever its name.
    expect(await mainClassOf(await box({ 'Solution.class': solution, 'Helper.class': helper }, 0o644), 'Main.java')).toBe('Solution');
    // The public class has no main but exactly one other class has.
    const publicHelper = await box({ 'Helper.class': helper, 'Runner.class': classFile('Runner', 'java/lang/Object', [MAIN]) }, 0o644);
    expect(await mainClassOf(publicHelper, 'Helper.java')).toBe('Runner');
    // Nested classes (A$B) are not candidates.
    expect(
      await mainClassOf(
        await box({ 'A.class': classFile('A', 'java/lang/Object', []), 'A$B.class': classFile('A$B', 'java/lang/Object', [MAIN]) }, 0o644),
        'Main.java',
      ),
    ).toMatch(/^problem: .*there is no Main\.class/);
  });

  it('java: several classes with main and none public, or none at all, is a Compilation Error that says so', async () => {
    const two = await box(
      { 'A.class': classFile('A', 'java/lang/Object', [MAIN]), 'B.class': classFile('B', 'java/lang/Object', [MAIN]) },
      0o644,
    );
    expect(await mainClassOf(two, 'Main.java')).toMatch(/^problem: .*several classes have main \(A, B\)/);
    const none = await box({ 'A.class': classFile('A', 'java/lang/Object', [['f', '()V', 9]]) }, 0o644);
    expect(await mainClassOf(none, 'A.java')).toMatch(/^problem: .*class A has no public static void main/);
    const inPackage = await box({ 'A.class': classFile('p/A', 'java/lang/Object', [MAIN]) }, 0o644);
    expect(await mainClassOf(inPackage, 'Main.java')).toMatch(
      /^problem: .*A\.class is in package p, and the run starts a class of the default package/,
    );
  });
});
