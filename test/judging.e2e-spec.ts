import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LanguageInfo, SubmissionView } from '../libs/contracts/index.js';
import { A_PLUS_B_TESTS, PROGRAMS, type ProgramKind } from './fixtures/programs.js';
import { watchEvents, type EventWatch } from './support/events.js';
import { request } from './support/http.js';
import { startApi, startWorker, testServices, type StartedApi, type StartedProcess } from './support/stack.js';

/**
 * The whole pipeline on real parts: REST → MongoDB → BullMQ → worker → sandbox → MongoDB →
 * Redis pub/sub. Every language the worker reports is judged with the same seven programs.
 */
describe('judging every available language end to end', () => {
  const env = testServices('judging');
  let api: StartedApi;
  let worker: StartedProcess;
  let watch: EventWatch;
  let languages: LanguageInfo[] = [];

  beforeAll(async () => {
    watch = await watchEvents(env.REDIS_URL);
    worker = await startWorker({ ...env, WORKER_CONCURRENCY: '2' });
    api = await startApi(env);
    const res = await request<LanguageInfo[]>(api.url, 'GET', '/languages');
    expect(res.status).toBe(200);
    languages = res.body;
  });

  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
    await watch?.close();
  });

  /** Submits one of the fixture programs and waits for the stored, finished submission. */
  function judge(language: string, kind: ProgramKind, extra: Record<string, unknown> = {}): Promise<SubmissionView> {
    return judgeSource(language, PROGRAMS[language][kind], extra);
  }

  /** Submits `sourceCode` on the A+B tests and waits for the stored, finished submission. */
  async function judgeSource(language: string, sourceCode: string, extra: Record<string, unknown> = {}): Promise<SubmissionView> {
    const created = await request<{ id: string; status: string }>(api.url, 'POST', '/submissions', {
      language,
      sourceCode,
      testCases: A_PLUS_B_TESTS,
      ...extra,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.status).toBe('queued');
    const { finished, events } = await watch.finished(created.body.id, 180_000);
    // Events of one submission arrive with seq 1, 2, 3, … ending with finished.
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.at(-1)).toBe(finished);
    const stored = await request<SubmissionView>(api.url, 'GET', `/submissions/${created.body.id}`);
    expect(stored.status).toBe(200);
    expect(stored.body.status).toBe('finished');
    expect(stored.body.verdict).toBe(finished.verdict);
    return stored.body;
  }

  it('offers C and Python at least, each with a detected version, and has programs for all it offers', () => {
    const ids = languages.map((l) => l.id);
    expect(ids).toEqual(expect.arrayContaining(['c', 'python3']));
    for (const l of languages) {
      expect(l.version).not.toBe('unknown');
      expect(PROGRAMS[l.id], `no test programs for ${l.id}`).toBeDefined();
    }
  });

  it('offers every language scripts/setup.sh installs from Debian (a missing toolchain fails here, it is never skipped)', () => {
    const ids = languages.map((l) => l.id);
    expect(ids).toEqual(expect.arrayContaining(['ruby', 'php', 'lua', 'perl', 'pascal', 'ocaml', 'haskell', 'csharp', 'kotlin']));
  });

  const limits = { cpuTimeMs: 1000, wallTimeMs: 3000, memoryKiB: 65536, outputKiB: 1024 };

  describe('programs written the way contestants write them (Kattis and DOMjudge accept each)', () => {
    const offers = (id: string) => languages.some((l) => l.id === id);
    const aPlusB = (cls: string) =>
      `import java.util.*;\npublic class ${cls} {\n  public static void main(String[] args) {\n    Scanner in = new Scanner(System.in);\n    long a = in.nextLong(), b = in.nextLong();\n    System.out.println(a + b);\n  }\n}\n`;

    it('java17: any public class name, a helper class beside it, no public class, a byte-order mark', async () => {
      if (!offers('java17')) return;
      for (const source of [
        aPlusB('Solution'),
        // Kattio-style: the I/O helper first, the public class with main after it.
        `import java.io.*;\nimport java.util.*;\nclass Kattio { BufferedReader r = new BufferedReader(new InputStreamReader(System.in)); }\n${aPlusB('A').replace(/^import.*\n/, '')}`,
        // No public class at all: the one class with main runs, whatever its name.
        aPlusB('Sol').replace('public class', 'class'),
        `\uFEFF${aPlusB('Bom')}`,
      ]) {
        const s = await judgeSource('java17', source);
        expect([s.verdict, s.message], source.slice(0, 80)).toEqual(['AC', null]);
      }
    });

    it('java17: two classes with main and none public is a Compilation Error that says which', async () => {
      if (!offers('java17')) return;
      const s = await judgeSource(
        'java17',
        `${aPlusB('A').replace('public class', 'class')}${aPlusB('B')
          .replace('public class', 'class')
          .replace(/^import.*\n/, '')}`,
      );
      expect(s.verdict).toBe('CE');
      expect(s.message).toMatch(/several classes have main \(A, B\)/);
    });

    it('kotlin: a top-level main with or without args, a class beside it, an object with @JvmStatic main', async () => {
      for (const source of [
        PROGRAMS.kotlin!.aPlusB,
        'fun main(args: Array<String>) {\n  val (a, b) = readln().split(" ").map(String::toLong)\n  println(a + b)\n}\n',
        'data class P(val a: Long, val b: Long)\nfun main() {\n  val t = readln().split(" ").map(String::toLong)\n  val p = P(t[0], t[1])\n  println(p.a + p.b)\n}\n',
        'object Solution {\n  @JvmStatic fun main(args: Array<String>) {\n    val (a, b) = readln().split(" ").map(String::toLong)\n    println(a + b)\n  }\n}\n',
      ]) {
        const s = await judgeSource('kotlin', source);
        expect([s.verdict, s.message], source).toEqual(['AC', null]);
      }
    });

    it('ocaml with Str and csharp with System.Numerics: the libraries Kattis links are there', async () => {
      if (offers('ocaml')) {
        const s = await judgeSource(
          'ocaml',
          'let () =\n  let t = Str.split (Str.regexp " ") (read_line ()) in\n  Printf.printf "%d\\n" (List.fold_left (fun acc x -> acc + int_of_string x) 0 t)\n',
        );
        expect([s.verdict, s.message]).toEqual(['AC', null]);
      }
      if (offers('csharp')) {
        const s = await judgeSource(
          'csharp',
          'using System;\nusing System.Numerics;\nclass P { static void Main() { var t = Console.ReadLine().Split(); Console.WriteLine(BigInteger.Parse(t[0]) + BigInteger.Parse(t[1])); } }\n',
        );
        expect([s.verdict, s.message]).toEqual(['AC', null]);
      }
    });

    it('python3 and pypy3: exit(), quit() and sys.exit() end the program as usual', async () => {
      for (const id of ['python3', 'pypy3'].filter(offers)) {
        for (const end of ['exit()', 'exit(0)', 'quit()', 'import sys; sys.exit(0)']) {
          const s = await judgeSource(id, `a, b = map(int, input().split())\nprint(a + b)\n${end}\n`);
          expect([s.verdict, s.message], `${id} ${end}`).toEqual(['AC', null]);
        }
        const failing = await judgeSource(id, 'exit(3)\n');
        expect(failing.verdict, `${id} exit(3)`).toBe('RE');
      }
    });

    it('c, cpp17, cpp20 and rust: a source with a UTF-8 byte-order mark compiles', async () => {
      for (const id of ['c', 'cpp17', 'cpp20', 'rust'].filter(offers)) {
        const s = await judgeSource(id, `\uFEFF${PROGRAMS[id]!.aPlusB}`);
        expect([s.verdict, s.message], id).toEqual(['AC', null]);
      }
    });

    it('cpp17 refuses what cpp20 and cpp23 accept (std::set::contains, std::string::contains)', async () => {
      if (!offers('cpp20')) return;
      const s = await judgeSource('cpp17', PROGRAMS.cpp20!.aPlusB);
      expect(s.verdict).toBe('CE');
      expect(s.message).toMatch(/contains|ssize/);
    });

    it('keeps the submitted fileName: the program sees it, the view shows it; a bad one is a 400 naming the rule', async () => {
      const py = await judgeSource('python3', 'import os\nprint(os.path.basename(__file__))\n', {
        fileName: 'my_solution.py',
        testCases: [{ input: '', expectedOutput: 'my_solution.py\n' }],
      });
      expect([py.verdict, py.fileName]).toEqual(['AC', 'my_solution.py']);
      const cpp = await judgeSource('cpp17', PROGRAMS.cpp17!.aPlusB, { fileName: 'sol.cc' });
      expect(cpp.verdict).toBe('AC');
      for (const [fileName, rule] of [
        ['../x.py', 'fileName must be a plain file name'],
        ['x.txt', 'fileName must end with .py for python3'],
      ]) {
        const res = await request<{ message: string }>(api.url, 'POST', '/submissions', {
          language: 'python3',
          sourceCode: 'print(1)\n',
          fileName,
        });
        expect(res.status, fileName).toBe(400);
        expect(res.body.message).toContain(rule);
      }
    });

    it('output is compared as bytes: an invalid byte is not U+FFFD, and only ASCII letters fold case', async () => {
      const invalid = await judgeSource('c', '#include <stdio.h>\nint main(void){fputs("\\xff\\n", stdout);return 0;}\n', {
        testCases: [{ input: '', expectedOutput: '\uFFFD\n' }],
      });
      expect(invalid.verdict).toBe('WA');
      const folded = await judgeSource('python3', 'print("ÉTÉ yes")\n', { testCases: [{ input: '', expectedOutput: 'été YES\n' }] });
      expect(folded.verdict).toBe('WA');
      const same = await judgeSource('python3', 'print("ÉTÉ yes")\n', { testCases: [{ input: '', expectedOutput: 'ÉTÉ YES\n' }] });
      expect(same.verdict).toBe('AC');
    });

    it('the stack is the memory limit: a recursion 10⁶ deep in C++, Java and Rust', async () => {
      const deep: Record<string, string> = {
        cpp17:
          '#include <cstdio>\nlong f(long n){volatile char pad[64];pad[0]=(char)n;return n==0?0:1+f(n-1)+pad[0]*0;}\nint main(){long a,b;if(std::scanf("%ld %ld",&a,&b)!=2)return 1;std::printf("%ld\\n",f(1000000)-1000000+a+b);}\n',
        java17:
          'import java.util.*;\npublic class Deep {\n  static long f(long n) { return n == 0 ? 0 : 1 + f(n - 1); }\n  public static void main(String[] x) {\n    Scanner in = new Scanner(System.in);\n    long a = in.nextLong(), b = in.nextLong();\n    System.out.println(f(1000000) - 1000000 + a + b);\n  }\n}\n',
        rust: 'use std::io::*;\nfn f(n: u64) -> u64 { let pad = [n as u8; 64]; if n == 0 { 0 } else { 1 + f(n - 1) + std::hint::black_box(pad)[0] as u64 * 0 } }\nfn main() { let mut s = String::new(); stdin().read_to_string(&mut s).unwrap(); let v: Vec<u64> = s.split_whitespace().map(|x| x.parse().unwrap()).collect(); println!("{}", f(1000000) - 1000000 + v[0] + v[1]); }\n',
      };
      for (const [id, source] of Object.entries(deep).filter(([id]) => offers(id))) {
        const s = await judgeSource(id, source, { limits: { cpuTimeMs: 5000, wallTimeMs: 15000, memoryKiB: 512 * 1024 } });
        expect([s.verdict, s.message], id).toEqual(['AC', null]);
      }
    });
  });

  describe('a compile that leaves no program to run is a Compilation Error saying what is missing, never an Internal Error', () => {
    const noProgram = /^the compiler produced no program to run: /;
    it('rust: a library crate (crate_type lib or cdylib), or no fn main', async () => {
      if (!languages.some((l) => l.id === 'rust')) return;
      const lib = await judgeSource('rust', '#![crate_type = "lib"]\npub fn f() {}\n');
      expect([lib.verdict, lib.message]).toEqual([
        'CE',
        'the compiler produced no program to run: main is a library archive, not an executable; Rust needs a binary crate with `fn main()` (no `#![crate_type]` other than bin)',
      ]);
      const cdylib = await judgeSource('rust', '#![crate_type = "cdylib"]\n#[no_mangle]\npub extern "C" fn f() {}\n');
      expect(cdylib.verdict).toBe('CE');
      expect(cdylib.message).toMatch(/: main is a shared library, not an executable; Rust needs a binary crate/);
      const noMain = await judgeSource('rust', 'pub fn f() {}\n');
      expect(noMain.verdict).toBe('CE');
      expect(noMain.message).toMatch(/`main` function not found/);
    });
    it('go: a package that is not main', async () => {
      if (!languages.some((l) => l.id === 'go')) return;
      const s = await judgeSource('go', 'package foo\n\nfunc F() int { return 1 }\n');
      expect([s.verdict, s.message]).toEqual([
        'CE',
        'the compiler produced no program to run: main is a library archive, not an executable; Go needs `package main` with `func main()`',
      ]);
    });
    it('c: no main (the link fails)', async () => {
      const s = await judgeSource('c', 'int f(void) { return 0; }\n');
      expect(s.verdict).toBe('CE');
      expect(s.message).toMatch(/undefined reference to `main'/);
    });
    it('kotlin: no main, or main in a package', async () => {
      const s = await judgeSource('kotlin', 'fun solve(a: Long, b: Long) = a + b\n');
      expect(s.verdict).toBe('CE');
      expect(s.message).toMatch(noProgram);
      expect(s.message).toMatch(/Kotlin needs a top-level `fun main\(\)`/);
      const packaged = await judgeSource('kotlin', `package foo\n${PROGRAMS.kotlin!.aPlusB}`);
      expect(packaged.verdict).toBe('CE');
      // kotlinc writes foo/MainKt.class: the box's own directory has no class file.
      expect(packaged.message).toMatch(/there is no class file; Kotlin needs .* without a package declaration/);
    });
    it('java17: class Main without public static void main, or in a package', async () => {
      if (!languages.some((l) => l.id === 'java17')) return;
      const s = await judgeSource('java17', 'public class Main { static void main(String[] a) { System.out.println(3); } }\n');
      expect(s.verdict).toBe('CE');
      expect(s.message).toMatch(noProgram);
      expect(s.message).toMatch(/class Main has no public static void main\(String\[\]\); Java needs/);
      const packaged = await judgeSource(
        'java17',
        'package foo;\npublic class Main { public static void main(String[] a) { System.out.println(3); } }\n',
      );
      expect(packaged.verdict).toBe('CE');
      expect(packaged.message).toMatch(/: Main\.class is in package foo, and the run starts a class of the default package/);
    });
  });

  it('javascript: running out of V8 heap is Memory Limit Exceeded, not a crash', async () => {
    if (!languages.some((l) => l.id === 'javascript')) return;
    const s = await judgeSource('javascript', 'const a = [];\nfor (;;) a.push({ x: Math.random(), y: [1, 2, 3] });\n', {
      limits: { cpuTimeMs: 5000, wallTimeMs: 10000, memoryKiB: 65536 },
    });
    expect(s.verdict, JSON.stringify(s.tests)).toBe('MLE');
  });

  it("csharp: a heap past the memory limit is Memory Limit Exceeded although it fits the runtime's extra headroom", async () => {
    if (!languages.some((l) => l.id === 'csharp')) return;
    // 96 MiB touched under a 64 MiB limit: below the memory cgroup (limit + Mono's 64 MiB headroom),
    // so only Mono's own heap cap at the limit (MONO_GC_PARAMS max-heap-size) makes it MLE.
    const s = await judgeSource(
      'csharp',
      'using System.Collections.Generic;\nclass P { static void Main() { var l = new List<byte[]>(); for (int i = 0; i < 96; i++) { var b = new byte[1 << 20]; for (int j = 0; j < b.Length; j += 4096) b[j] = 1; l.Add(b); } System.Console.WriteLine(l.Count); } }\n',
      { limits: { cpuTimeMs: 5000, wallTimeMs: 10000, memoryKiB: 65536 } },
    );
    expect(s.verdict, JSON.stringify(s.tests)).toBe('MLE');
  });

  it("the smallest limits a request may ask for are the submitter's verdict (TLE or AC), never an Internal Error", async () => {
    // cpuTimeMs 1 with the default wall limit (at least MIN_WALL_TIME_MS), and the smallest wall limit itself.
    for (const limits of [{ cpuTimeMs: 1 }, { cpuTimeMs: 1, wallTimeMs: 100, memoryKiB: 4096 }]) {
      const s = await judgeSource('c', '#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n', {
        limits,
        testCases: [{ input: '', expectedOutput: 'hi\n' }],
      });
      expect(['AC', 'TLE'], `${JSON.stringify(limits)}: ${s.verdict} ${s.message}`).toContain(s.verdict);
    }
  });

  for (const id of Object.keys(PROGRAMS)) {
    describe(id, () => {
      const offered = () => languages.some((l) => l.id === id);

      it('Accepted: A+B on 3 test cases', async () => {
        if (!offered()) return expect(languages.map((l) => l.id)).not.toContain(id);
        const s = await judge(id, 'aPlusB');
        expect(s.verdict, JSON.stringify(s)).toBe('AC');
        expect(s.tests.map((t) => t.verdict)).toEqual(['AC', 'AC', 'AC']);
        expect(s.tests[2].stdout.trim()).toBe('30');
        for (const t of s.tests) {
          expect(t.wallTimeMs).toBeGreaterThan(0);
          expect(t.memoryKiB).toBeGreaterThan(0);
          expect(t.exitCode).toBe(0);
        }
      });

      it('Wrong Answer on test 2, stopping there', async () => {
        if (!offered()) return;
        const s = await judge(id, 'wrongFromTest2');
        expect(s.verdict).toBe('WA');
        expect(s.tests.map((t) => t.verdict)).toEqual(['AC', 'WA']);
        expect(s.tests[1].checkerMessage).toMatch(/expected "5", got "6"/);
      });

      it('Time Limit Exceeded for an infinite loop', async () => {
        if (!offered()) return;
        const s = await judge(id, 'infiniteLoop', { limits });
        expect(s.verdict).toBe('TLE');
        expect(s.tests).toHaveLength(1);
        expect(s.tests[0].cpuTimeMs).toBeGreaterThanOrEqual(limits.cpuTimeMs);
      });

      it('Memory Limit Exceeded for 512 MiB touched under 64 MiB', async () => {
        if (!offered()) return;
        const s = await judge(id, 'memoryHog', { limits });
        expect(s.verdict).toBe('MLE');
      });

      it('Output Limit Exceeded for 100 MiB printed under 1 MiB', async () => {
        if (!offered()) return;
        const s = await judge(id, 'outputFlood', { limits });
        expect(s.verdict).toBe('OLE');
      });

      it('Runtime Error for a crash, with the signal or exit code', async () => {
        if (!offered()) return;
        const s = await judge(id, 'crash');
        expect(s.verdict).toBe('RE');
        const t = s.tests[0];
        if (id === 'c') expect(t.signal).toBe('SIGFPE');
        else if (id === 'cpp17') expect(t.signal).toBe('SIGSEGV');
        else expect(t.exitCode).not.toBe(0);
      });

      it('Compilation Error for a syntax error, with the compiler message', async () => {
        if (!offered()) return;
        const s = await judge(id, 'syntaxError');
        expect(s.verdict).toBe('CE');
        expect(s.tests).toEqual([]);
        // luac says "<name> expected near <eof>" without the word error.
        expect(s.message).toMatch(id === 'lua' ? /expected near/ : /error/i);
      });
    });
  }
});
