/**
 * Source line numbers a compiler's (or syntax checker's) output names, in order of first mention,
 * at most `max`: `main.c:3:5: error`, `Main.java:3: error`, ` --> main.rs:3:5`, `./main.go:3:5:`,
 * `/box/main.js:3` (node), Python's `File "main.py", line 3`. Only a file in the submission's own
 * directory counts (a bare name, `./name` or `/box/name`, the sandbox's working directory): never a
 * toolchain file such as `/usr/include/stdio.h` or `/usr/lib/python3.11/ast.py`
 * or `<string>` in a checker's traceback.
 */
export function compilerLineNumbers(output: string, max = 20): number[] {
  const pattern = /(?:^|[\s"'(])(?:\.\/|\/box\/)?[\w-][\w.-]*\.(?:c|cc|cpp|cxx|h|hpp|py|java|js|mjs|go|rs)"?(?:, line |:)(\d+)/gm;
  const lines: number[] = [];
  for (const match of output.matchAll(pattern)) {
    const line = Number(match[1]);
    if (line > 0 && !lines.includes(line)) lines.push(line);
    if (lines.length >= max) break;
  }
  return lines;
}
