/**
 * Input and output edge cases: sources with NUL bytes, invalid UTF-8 or lone surrogates,
 * output with NUL bytes and invalid UTF-8, a 10 MiB single line, no trailing newline, stdout
 * closed early, stdin read past its end or written to. Each must be judged normally and stored
 * (never an Internal Error, never a stuck submission), with bounded previews and messages.
 */
import type { HostileProgram } from '../support/hostile-program.js';

/** A+B in C. */
const C_A_PLUS_B = '#include <stdio.h>\nint main(void) { long a, b; if (scanf("%ld %ld", &a, &b) != 2) return 1; printf("%ld\\n", a + b); return 0; }\n';
/** A+B in C after a comment holding `comment`. */
const cAplusB = (comment: string) => `/* ${comment} */\n${C_A_PLUS_B}`;

export const INPUT_EDGE_PROGRAMS: HostileProgram[] = [
  {
    name: 'c: source with NUL bytes in a comment',
    language: 'c',
    stdin: '1 2\n',
    answer: '3\n',
    expect: ['AC'],
    source: cAplusB('nul\u0000bytes\u0000here'),
  },
  {
    name: 'python: source with a NUL byte',
    language: 'python3',
    expect: ['CE'],
    source: 'print("a")\u0000\nprint("b")\n',
  },
  {
    name: 'c: source sent as invalid UTF-8 bytes (refused with 400, or judged)',
    language: 'c',
    stdin: '1 2\n',
    answer: '3\n',
    expect: ['AC'],
    acceptRejection: true,
    source: '',
    sourceBytes: Buffer.concat([Buffer.from('/* '), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82, 0x80, 0xc0, 0xaf]), Buffer.from(` */\n${C_A_PLUS_B}`)]),
  },
  {
    name: 'javascript: source with lone UTF-16 surrogates in a comment',
    language: 'javascript',
    answer: 'OK\n',
    expect: ['AC'],
    acceptRejection: true,
    source: '// \ud800 \udfff \udbff\nconsole.log("OK");\n',
  },
  {
    name: 'c: output with NUL bytes and invalid UTF-8',
    language: 'c',
    expect: ['AC'],
    check: ({ view }) => {
      if (view.tests[0].stdout.length === 0) throw new Error('no stdout preview stored');
    },
    source: String.raw`
#include <unistd.h>
int main(void) {
  static const char bytes[] = "nul\0byte \xff\xfe\xc3\x28 \xed\xa0\x80 surrogate \xf4\x90\x80\x80 too-big\n";
  for (int i = 0; i < 100; i++) write(1, bytes, sizeof bytes - 1);
  write(2, bytes, sizeof bytes - 1);
  return 0;
}
`,
  },
  {
    name: 'c: 10 MiB on a single line (output limit 16 MiB)',
    language: 'c',
    limits: { outputKiB: 16384 },
    expect: ['AC'],
    check: ({ view, previewBytes }) => {
      const bytes = Buffer.byteLength(view.tests[0].stdout);
      if (bytes > previewBytes) throw new Error(`stdout preview has ${bytes} bytes, more than ${previewBytes}`);
    },
    source: String.raw`
#include <stdio.h>
#include <string.h>
int main(void) { static char b[1 << 20]; memset(b, 'x', sizeof b); for (int i = 0; i < 10; i++) fwrite(b, 1, sizeof b, stdout); return 0; }
`,
  },
  {
    name: 'python: 10 MiB single token against a short answer (bounded checker message)',
    language: 'python3',
    limits: { outputKiB: 16384 },
    answer: 'short\n',
    expect: ['WA'],
    check: ({ view }) => {
      const message = view.tests[0].checkerMessage ?? '';
      if (message.length > 2048) throw new Error(`checker message has ${message.length} characters`);
    },
    source: 'import sys\nsys.stdout.write("y" * (10 << 20))\n',
  },
  {
    name: 'c: answer without a trailing newline',
    language: 'c',
    stdin: '20 22\n',
    answer: '42\n',
    expect: ['AC'],
    source: '#include <stdio.h>\nint main(void) { long a, b; scanf("%ld %ld", &a, &b); printf("%ld", a + b); return 0; }\n',
  },
  {
    name: 'c: closes stdout early, then keeps working and writing elsewhere',
    language: 'c',
    stdin: '1 2\n',
    answer: '3\n',
    expect: ['AC'],
    source: String.raw`
#include <stdio.h>
#include <unistd.h>
int main(void) {
  long a, b;
  scanf("%ld %ld", &a, &b);
  printf("%ld\n", a + b);
  fflush(stdout);
  close(1);
  if (write(1, "late\n", 5) >= 0) return 2;
  fprintf(stderr, "stdout closed\n");
  volatile unsigned long x = 0;
  for (unsigned long i = 0; i < 50000000UL; i++) x += i;
  return 0;
}
`,
  },
  {
    name: 'c: reads stdin past EOF, seeks back, writes to stdin',
    language: 'c',
    stdin: '1 2\n',
    answer: '3\n',
    expect: ['AC'],
    source: String.raw`
#include <stdio.h>
#include <unistd.h>
int main(void) {
  char buf[64];
  long total = 0;
  for (int i = 0; i < 100000; i++) { ssize_t n = read(0, buf, sizeof buf); if (n > 0) total += n; }
  if (write(0, "x", 1) >= 0) { puts("ESCAPED: stdin is writable"); return 0; }
  lseek(0, 0, SEEK_SET);
  long a, b;
  if (scanf("%ld %ld", &a, &b) != 2) return 3;
  printf("%ld\n", a + b);
  return total == 4 ? 0 : 4;
}
`,
  },
  {
    name: 'python: reads stdin past EOF 200000 times',
    language: 'python3',
    stdin: '5 6\n',
    answer: '11\n',
    expect: ['AC'],
    source: String.raw`
import sys
data = sys.stdin.read()
for _ in range(200000):
    if sys.stdin.read(1):
        raise SystemExit(2)
a, b = map(int, data.split())
print(a + b)
`,
  },
  {
    name: 'java: closes System.out, then prints more',
    language: 'java17',
    answer: 'OK\n',
    expect: ['AC'],
    source: 'public class Main { public static void main(String[] a) { System.out.println("OK"); System.out.close(); System.out.println("after close"); System.err.println("still alive"); } }\n',
  },
  {
    name: 'javascript: ends stdout, then keeps running',
    language: 'javascript',
    answer: 'OK\n',
    expect: ['AC'],
    source: 'process.stdout.write("OK\\n");\nprocess.stdout.end();\nsetTimeout(() => console.error("still alive"), 50);\n',
  },
  {
    name: 'go: closes os.Stdout, then writes to it',
    language: 'go',
    answer: 'OK\n',
    expect: ['AC'],
    source: 'package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc main() {\n\tfmt.Println("OK")\n\tos.Stdout.Close()\n\tif _, err := fmt.Println("after close"); err == nil {\n\t\tos.Exit(2)\n\t}\n}\n',
  },
];
