import { constants } from 'node:fs';
import { open, readdir, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProgramTarget } from '../../libs/judging/index.js';

/** Largest class file read to look for `main` (javac's own are far smaller; a larger one is not judged here). */
const MAX_CLASS_BYTES = 8 * 1024 * 1024;
/** Superclasses followed from a class to find an inherited `main`. */
const MAX_SUPERCLASSES = 16;
/** Class files looked at for `main` when the public class has none (a source with more is not searched further). */
const MAX_CLASS_FILES = 4096;

/**
 * What the runs start, found after compiling: the source's file name in the box (`{source}` of
 * the run argv) and, for Java, the class with `main` (`{mainClass}`), else null.
 */
export interface CompiledProgram {
  sourceFile: string;
  mainClass: string | null;
}

/**
 * Checks that a successful compile left the program the run starts, in `dir` (the box's host
 * path): for `elf`, `target.file`, opened without following links (the file name is a plain name
 * in the box the worker made) and without blocking (a FIFO), a regular file, executable and an ELF
 * executable or position-independent executable (not an archive, object file or shared library);
 * for `java-class`, the class to run: the one named like the source file (`Solution.java` →
 * `Solution`, its public class; `main.kt` → `MainKt`) when it has `public static void main(String[])`, its own or
 * inherited from a superclass in the box, else the only top-level class that declares one, which
 * must be in the default package. (Kattis runs the public class; DOMjudge detects the class with
 * `main`.) Reads only headers and class files, never runs anything.
 * @param sourceFile the source's file name in the box, e.g. `Solution.java`.
 * @returns `{ mainClass }` (null but for Java) when the program is there, else `{ problem }`, the
 *   Compilation Error message: what is missing and what the language needs.
 */
export async function findProgram(
  dir: string,
  target: ProgramTarget,
  sourceFile: string,
): Promise<{ mainClass: string | null } | { problem: string }> {
  const found =
    target.format === 'elf'
      ? { problem: await elfProblem(dir, target.file), mainClass: null }
      : await javaMainClass(dir, preferredClass(sourceFile));
  return found.problem === null
    ? { mainClass: found.mainClass }
    : { problem: `the compiler produced no program to run: ${found.problem}; ${target.needs}` };
}

/**
 * The class a source file names: `Solution.java` → `Solution` (its public class); `main.kt` →
 * `MainKt`, the class Kotlin puts a file's top-level functions in (the name capitalised, `Kt` added).
 */
function preferredClass(sourceFile: string): string {
  if (!sourceFile.endsWith('.kt')) return sourceFile.replace(/\.java$/, '');
  const base = sourceFile.slice(0, -'.kt'.length);
  return `${base.charAt(0).toUpperCase()}${base.slice(1)}Kt`;
}

type Opened = { handle: FileHandle; size: number; mode: number } | { problem: string };

async function openInBox(dir: string, file: string): Promise<Opened> {
  let handle: FileHandle;
  try {
    handle = await open(join(dir, file), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { problem: `there is no ${file}` };
    if (code === 'ELOOP') return { problem: `${file} is a symbolic link, not a program` };
    return { problem: `${file} cannot be opened (${code ?? 'error'})` };
  }
  try {
    const stat = await handle.stat();
    if (stat.isFile()) return { handle, size: stat.size, mode: stat.mode };
  } catch (err) {
    await handle.close();
    throw err;
  }
  await handle.close();
  return { problem: `${file} is not a regular file` };
}

async function readAt(handle: FileHandle, length: number, position: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);
const ET_REL = 1;
const ET_EXEC = 2;
const ET_DYN = 3;

async function elfProblem(dir: string, file: string): Promise<string | null> {
  const opened = await openInBox(dir, file);
  if ('problem' in opened) return opened.problem;
  const { handle, mode } = opened;
  try {
    const header = await readAt(handle, 64, 0);
    if (header.length < 4 || !header.subarray(0, 4).equals(ELF_MAGIC)) {
      const what = header.subarray(0, 8).toString('latin1') === '!<arch>\n' ? 'a library archive' : 'not an ELF file';
      return `${file} is ${what}, not an executable`;
    }
    if ((mode & 0o111) === 0) return `${file} is not executable`;
    const is64 = header[4] === 2;
    const little = header[5] !== 2;
    if (header.length < (is64 ? 32 : 28)) return `${file} is a truncated ELF file`;
    const type = little ? header.readUInt16LE(16) : header.readUInt16BE(16);
    if (type === ET_REL) return `${file} is an object file, not an executable`;
    if (type !== ET_EXEC && type !== ET_DYN) return `${file} is not an executable ELF file`;
    if (type === ET_DYN) {
      // A position-independent executable has an entry point; a shared library (cdylib, gcc -shared) has none.
      const entry = is64
        ? little
          ? header.readBigUInt64LE(24)
          : header.readBigUInt64BE(24)
        : BigInt(little ? header.readUInt32LE(24) : header.readUInt32BE(24));
      if (entry === 0n) return `${file} is a shared library, not an executable`;
    }
    return null;
  } finally {
    await handle.close();
  }
}

/** A class file's facts needed to find `main`: its name, whether it declares `main`, its superclass's name. */
interface ClassFacts {
  /** Binary name, e.g. `Main`, `foo/Main`. */
  name: string | null;
  hasMain: boolean;
  superName: string | null;
}

/** The class to run (see `findProgram`), or why there is none. */
async function javaMainClass(dir: string, preferred: string): Promise<{ mainClass: string | null; problem: string | null }> {
  const own = await classMainProblem(dir, preferred);
  if (own === null) return { mainClass: preferred, problem: null };
  let names: string[];
  try {
    names = (await readdir(dir)).filter((f) => f.endsWith('.class') && !f.includes('$')).slice(0, MAX_CLASS_FILES);
  } catch {
    names = [];
  }
  if (names.length === 0) return { mainClass: null, problem: 'there is no class file' };
  const withMain: string[] = [];
  for (const file of names) {
    const name = file.slice(0, -'.class'.length);
    if (name === preferred) continue;
    const facts = await readClass(dir, file);
    if (facts === null || !facts.hasMain) continue;
    if (facts.name !== name) return { mainClass: null, problem: inPackage(file, facts.name) };
    withMain.push(name);
  }
  if (withMain.length === 1) return { mainClass: withMain[0]!, problem: null };
  if (withMain.length > 1) {
    return {
      mainClass: null,
      problem: `several classes have main (${withMain.sort().join(', ')}) and none of them is the public class, so it is not clear which to run`,
    };
  }
  return { mainClass: null, problem: own };
}

/** Why `file` (a class file of binary name `name`) cannot be run from the default package. */
function inPackage(file: string, name: string | null): string {
  const slash = name?.lastIndexOf('/') ?? -1;
  const where = name && slash > 0 ? `is in package ${name.slice(0, slash).replaceAll('/', '.')}` : `holds class ${name}`;
  return `${file} ${where}, and the run starts a class of the default package (no package declaration)`;
}

/** Reads a class file's facts, or null when it is missing, too large or not a class file this understands. */
async function readClass(dir: string, file: string): Promise<ClassFacts | null> {
  const opened = await openInBox(dir, file);
  if ('problem' in opened) return null;
  try {
    return opened.size > MAX_CLASS_BYTES ? null : parseClass(await readAt(opened.handle, opened.size, 0));
  } finally {
    await opened.handle.close();
  }
}

/**
 * Null when class `name` (a file `name.class` in `dir`) can be run: it declares `main` or inherits
 * it from a superclass in `dir`, or this cannot tell (an unknown class file, a superclass outside
 * the box: the run decides); else why not.
 */
async function classMainProblem(dir: string, name: string): Promise<string | null> {
  let current = `${name}.class`;
  for (let depth = 0; depth <= MAX_SUPERCLASSES; depth++) {
    const opened = await openInBox(dir, current);
    if ('problem' in opened) return depth === 0 ? opened.problem : null;
    let facts: ClassFacts | null;
    try {
      facts = opened.size > MAX_CLASS_BYTES ? null : parseClass(await readAt(opened.handle, opened.size, 0));
    } finally {
      await opened.handle.close();
    }
    // A class file this does not understand: let the run decide.
    if (facts === null) return null;
    if (depth === 0 && facts.name !== null && facts.name !== name) return inPackage(current, facts.name);
    if (facts.hasMain) return null;
    if (facts.superName === 'java/lang/Object' || facts.superName === null) {
      return `class ${name} has no public static void main(String[])`;
    }
    // A superclass outside the box's default package (the JDK's, a package's): let the run decide.
    if (facts.superName.includes('/')) return null;
    current = `${facts.superName}.class`;
  }
  return null;
}

const ACC_PUBLIC = 0x0001;
const ACC_STATIC = 0x0008;

/**
 * Reads a class file's constant pool and methods (JVMS §4): whether it declares
 * `public static void main(String[])`, and its superclass.
 * @returns null when the bytes are not a class file this understands.
 */
function parseClass(bytes: Buffer): ClassFacts | null {
  try {
    if (bytes.readUInt32BE(0) !== 0xcafebabe) return null;
    let at = 8;
    const count = bytes.readUInt16BE(at);
    at += 2;
    const utf8 = new Map<number, string>();
    const classNameIndex = new Map<number, number>();
    for (let i = 1; i < count; i++) {
      const tag = bytes[at]!;
      at += 1;
      switch (tag) {
        case 1: {
          const length = bytes.readUInt16BE(at);
          // Modified UTF-8; the names compared here are ASCII.
          utf8.set(i, bytes.toString('utf8', at + 2, at + 2 + length));
          at += 2 + length;
          break;
        }
        case 7:
          classNameIndex.set(i, bytes.readUInt16BE(at));
          at += 2;
          break;
        case 8:
        case 16:
        case 19:
        case 20:
          at += 2;
          break;
        case 15:
          at += 3;
          break;
        case 3:
        case 4:
        case 9:
        case 10:
        case 11:
        case 12:
        case 17:
        case 18:
          at += 4;
          break;
        case 5:
        case 6:
          at += 8;
          i++;
          break;
        default:
          return null;
      }
    }
    const thisIndex = bytes.readUInt16BE(at + 2);
    at += 4; // access_flags, this_class
    const superIndex = bytes.readUInt16BE(at);
    at += 2;
    at += 2 + 2 * bytes.readUInt16BE(at); // interfaces
    const skipMembers = (): { flags: number; name: string | undefined; descriptor: string | undefined }[] => {
      const members = [];
      const n = bytes.readUInt16BE(at);
      at += 2;
      for (let m = 0; m < n; m++) {
        const flags = bytes.readUInt16BE(at);
        const name = utf8.get(bytes.readUInt16BE(at + 2));
        const descriptor = utf8.get(bytes.readUInt16BE(at + 4));
        const attributes = bytes.readUInt16BE(at + 6);
        at += 8;
        for (let a = 0; a < attributes; a++) at += 6 + bytes.readUInt32BE(at + 2);
        members.push({ flags, name, descriptor });
      }
      return members;
    };
    skipMembers(); // fields
    const methods = skipMembers();
    if (at > bytes.length) return null;
    const hasMain = methods.some(
      (m) =>
        m.name === 'main' &&
        m.descriptor === '([Ljava/lang/String;)V' &&
        (m.flags & (ACC_PUBLIC | ACC_STATIC)) === (ACC_PUBLIC | ACC_STATIC),
    );
    const superName = superIndex === 0 ? null : (utf8.get(classNameIndex.get(superIndex) ?? 0) ?? null);
    const name = utf8.get(classNameIndex.get(thisIndex) ?? 0) ?? null;
    return { name, hasMain, superName };
  } catch {
    return null;
  }
}
