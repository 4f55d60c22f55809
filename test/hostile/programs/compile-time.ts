/**
 * Compile-time attacks: compilers read devices and host files, explode in time or memory, write
 * huge objects, flood their output, or are asked to run code (go:generate, cgo, build
 * constraints, go:embed, Rust include_str!). Compilation runs in the sandbox with its own limits
 * (COMPILE_* variables), so each ends as a Compilation Error with a bounded message that holds
 * nothing of the host — or, for directives a compiler ignores, as a harmless normal run.
 */
import type { CheckContext, HostileProgram } from '../support/hostile-program.js';

/** COMPILE_OUTPUT_BYTES of the suite's workers (the default): the longest compiler output kept. */
const COMPILE_OUTPUT_BYTES = 64 * 1024;

const ceMessageBounded = ({ view }: CheckContext) => {
  const bytes = Buffer.byteLength(view.message ?? '');
  // The kept output plus one line saying which limit stopped the compiler.
  if (bytes > COMPILE_OUTPUT_BYTES + 200) throw new Error(`compile message has ${bytes} bytes`);
};

const pragmaFlood = (() => {
  const lines = ['#define W _Pragma("GCC warning \\"compile output flood: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\\"")', '#define W0 W W'];
  for (let i = 1; i <= 17; i++) lines.push(`#define W${i} W${i - 1} W${i - 1}`);
  lines.push('W17', 'int main(void) { return undeclared_name; }', '');
  return lines.join('\n');
})();

export const COMPILE_TIME_PROGRAMS: HostileProgram[] = [
  {
    name: 'c: #include "/dev/zero"',
    language: 'c',
    expect: ['CE'],
    check: ceMessageBounded,
    source: '#include "/dev/zero"\nint main(void) { return 0; }\n',
  },
  {
    name: 'c: #include "/dev/random"',
    language: 'c',
    expect: ['CE'],
    check: ceMessageBounded,
    source: '#include "/dev/random"\nint main(void) { return 0; }\n',
  },
  {
    name: 'c: #include "/etc/shadow" and the project .env (not in the sandbox)',
    language: 'c',
    expect: ['CE'],
    check: ({ view }) => {
      if (!/No such file or directory/.test(view.message ?? '')) throw new Error(`unexpected message: ${view.message}`);
    },
    source: '#include "/etc/shadow"\n#include "@@PROJECT_ENV@@"\n#include "@@ROOT@@/.env"\nint main(void) { return 0; }\n',
  },
  {
    // /proc files report size 0 and the preprocessor reads by size: both come in empty.
    name: 'c: #include "/proc/self/environ", "/proc/1/environ", "/proc/1/cmdline"',
    language: 'c',
    expect: ['AC', 'CE'],
    source: '#include "/proc/1/environ"\n#include "/proc/self/environ"\n#include "/proc/1/cmdline"\nint main(void) { return 0; }\n',
  },
  {
    name: 'c: 2 GB initialised global array (object file past the size limit)',
    language: 'c',
    expect: ['CE'],
    check: ceMessageBounded,
    source: 'char big[2000000000] = {1};\nint main(void) { return big[12345]; }\n',
  },
  {
    name: 'c: compile output flood (262144 warnings)',
    language: 'c',
    expect: ['CE'],
    check: ceMessageBounded,
    source: pragmaFlood,
  },
  {
    name: 'cpp: template instantiation explosion (compiler memory)',
    language: 'cpp17',
    expect: ['CE'],
    check: ceMessageBounded,
    source: String.raw`
template <int N, int M> struct E { enum { v = E<N - 1, M * 2 + 1>::v + E<N - 1, M * 2>::v }; };
template <int M> struct E<0, M> { enum { v = 1 }; };
int main() { return E<26, 0>::v & 1; }
`,
  },
  {
    name: 'cpp: constexpr explosion',
    language: 'cpp17',
    expect: ['CE'],
    check: ceMessageBounded,
    source: String.raw`
constexpr unsigned long long spin(unsigned long long n) { unsigned long long s = 0; for (unsigned long long i = 0; i < n; i++) s += i * i; return s; }
constexpr unsigned long long value = spin(1ULL << 40);
int main() { return (int)(value & 1); }
`,
  },
  {
    name: 'cpp: #include </dev/urandom> through a macro',
    language: 'cpp17',
    expect: ['CE'],
    check: ceMessageBounded,
    source: '#define DEVICE </dev/urandom>\n#include DEVICE\nint main() { return 0; }\n',
  },
  {
    name: 'java: deeply nested expression (javac stack overflow)',
    language: 'java17',
    expect: ['CE'],
    check: ceMessageBounded,
    source: `public class Main { public static void main(String[] a) { int x = ${'('.repeat(20000)}1${')'.repeat(20000)}; System.out.println(x); } }\n`,
  },
  {
    name: 'java: 30000-element array initialiser (code too large)',
    language: 'java17',
    expect: ['CE'],
    check: ceMessageBounded,
    source: `public class Main { static int[] x = {${'1,'.repeat(30000)}}; public static void main(String[] a) { System.out.println(x.length); } }\n`,
  },
  {
    name: 'go: //go:generate is never run',
    language: 'go',
    answer: 'OK\n',
    expect: ['AC'],
    source: String.raw`
//go:generate /bin/sh -c "echo generated > /box/generated.txt"
//go:generate /bin/sh -c "touch /tmp/generated"

package main

import (
	"fmt"
	"os"
)

func main() {
	if _, err := os.Stat("/box/generated.txt"); err == nil {
		fmt.Println("ESCAPED: go:generate ran")
		return
	}
	fmt.Println("OK")
}
`,
  },
  {
    name: 'go: cgo with CGO_ENABLED=0 (no C compiler run)',
    language: 'go',
    expect: ['CE'],
    source: String.raw`
package main

// #include <stdio.h>
// static void hello(void) { puts("cgo ran"); }
import "C"

func main() { C.hello() }
`,
  },
  {
    // go build honours no constraint of a file it is named on the command line (as go run does):
    // the file compiles and runs like any other, inside the sandbox.
    name: 'go: //go:build ignore on the only file',
    language: 'go',
    answer: 'OK\n',
    expect: ['AC', 'CE'],
    source: '//go:build ignore\n\npackage main\n\nimport "fmt"\n\nfunc main() { fmt.Println("OK") }\n',
  },
  {
    // CVE-2023-29404 / 29405: linker flags smuggled through cgo directives ran code at build time.
    name: 'go: //go:cgo_ldflag and //go:cgo_import_dynamic outside cgo',
    language: 'go',
    expect: ['CE'],
    source: String.raw`
package main

//go:cgo_ldflag "-fplugin=/tmp/evil.so"
//go:cgo_import_dynamic libc_system system "libc.so.6"

func main() {}
`,
  },
  {
    name: 'go: //go:embed of host files',
    language: 'go',
    expect: ['CE'],
    source: String.raw`
package main

import _ "embed"

//go:embed ../../etc/passwd
var passwd string

func main() { println(passwd) }
`,
  },
  {
    name: 'python: parser stack explosion (deep nesting)',
    language: 'python3',
    expect: ['CE'],
    check: ceMessageBounded,
    source: `x = ${'['.repeat(30000)}${']'.repeat(30000)}\nprint(x)\n`,
  },
  {
    name: 'javascript: deeply nested source (node --check)',
    language: 'javascript',
    expect: ['CE', 'RE'],
    check: ceMessageBounded,
    source: `const x = ${'['.repeat(30000)}${']'.repeat(30000)};\nconsole.log(x);\n`,
  },
  {
    name: 'rust: include_str!("/etc/shadow") and include_bytes!("/dev/zero")',
    language: 'rust',
    expect: ['CE'],
    check: ceMessageBounded,
    source: 'const S: &str = include_str!("/etc/shadow");\nconst Z: &[u8] = include_bytes!("/dev/zero");\nfn main() { println!("{} {}", S, Z.len()); }\n',
  },
];
