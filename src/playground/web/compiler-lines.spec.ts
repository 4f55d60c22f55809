import { describe, expect, it } from 'vitest';
import { compilerLineNumbers } from './compiler-lines.js';

describe('compilerLineNumbers', () => {
  it('reads the lines of the submission file from each toolchain', () => {
    expect(compilerLineNumbers("main.c:3:5: error: expected ';' before 'return'\nmain.c:7:1: note: x")).toEqual([3, 7]);
    expect(compilerLineNumbers('Main.java:12: error: cannot find symbol')).toEqual([12]);
    expect(compilerLineNumbers('error[E0425]: cannot find value `x`\n --> main.rs:4:13')).toEqual([4]);
    expect(compilerLineNumbers('# command-line-arguments\n./main.go:6:2: undefined: y')).toEqual([6]);
    expect(compilerLineNumbers('/box/main.js:2\n  let = ;\n      ^\nSyntaxError: Unexpected token')).toEqual([2]);
    expect(compilerLineNumbers('In file included from main.c:1:\n/usr/include/stdio.h:5:3: error: x')).toEqual([1]);
  });

  it("skips the checker's own files in a Python traceback, and repeats", () => {
    const traceback = [
      'Traceback (most recent call last):',
      '  File "<string>", line 1, in <module>',
      '  File "/usr/lib/python3.11/ast.py", line 50, in parse',
      '  File "main.py", line 2',
      '    y = = 2',
      'SyntaxError: invalid syntax (main.py, line 2)',
    ].join('\n');
    expect(compilerLineNumbers(traceback)).toEqual([2]);
  });

  it('keeps at most `max` lines', () => {
    const many = Array.from({ length: 30 }, (_, i) => `main.cpp:${i + 1}:1: error: x`).join('\n');
    expect(compilerLineNumbers(many, 5)).toEqual([1, 2, 3, 4, 5]);
  });
});
