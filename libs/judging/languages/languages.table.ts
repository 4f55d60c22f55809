import type { LanguageDefinition } from './language-definition.js';

/**
 * Every language Verdict knows. A worker offers the ones whose tools it finds at start.
 * Flags: C and C++ as on Codeforces/ICPC (-O2, gnu dialects, libm); Java with a heap capped
 * at the memory limit; Go without cgo; Rust optimised, 2021 edition.
 */
export const LANGUAGES: readonly LanguageDefinition[] = [
  {
    id: 'c',
    name: 'C17 (gcc -O2)',
    sourceFile: 'main.c',
    tools: { gcc: ['/usr/bin/gcc', 'gcc'] },
    version: ['{gcc}', '--version'],
    compile: ['{gcc}', '-std=gnu17', '-O2', '-pipe', '-o', 'main', 'main.c', '-lm'],
    run: ['/box/main'],
    timeMultiplier: 1,
    extraMemoryKiB: 0,
  },
  {
    id: 'cpp17',
    name: 'C++17 (g++ -O2)',
    sourceFile: 'main.cpp',
    tools: { gxx: ['/usr/bin/g++', 'g++'] },
    version: ['{gxx}', '--version'],
    compile: ['{gxx}', '-std=gnu++17', '-O2', '-pipe', '-o', 'main', 'main.cpp'],
    run: ['/box/main'],
    timeMultiplier: 1,
    extraMemoryKiB: 0,
  },
  {
    id: 'python3',
    name: 'Python 3',
    sourceFile: 'main.py',
    tools: { python: ['/usr/bin/python3', '/usr/local/bin/python3'] },
    version: ['{python}', '--version'],
    // A syntax check, so a syntax error is a Compilation Error as in the compiled languages.
    compile: ['{python}', '-S', '-c', 'import ast,sys; ast.parse(open("main.py","rb").read(), "main.py")'],
    run: ['{python}', '-S', '-B', 'main.py'],
    timeMultiplier: 2,
    extraMemoryKiB: 0,
    outOfMemory: /^MemoryError\b/m,
  },
  {
    id: 'javascript',
    name: 'JavaScript (Node.js)',
    sourceFile: 'main.js',
    tools: { node: ['/usr/bin/node', '/usr/local/bin/node'] },
    version: ['{node}', '--version'],
    compile: ['{node}', '--check', 'main.js'],
    run: ['{node}', '--max-old-space-size={memoryMiB}', '--max-semi-space-size=16', 'main.js'],
    runEnv: { NODE_OPTIONS: '' },
    timeMultiplier: 1,
    extraMemoryKiB: 64 * 1024,
    extraProcesses: 16,
    outOfMemory: /JavaScript heap out of memory|Array buffer allocation failed/,
  },
  {
    id: 'java17',
    name: 'Java 17',
    sourceFile: 'Main.java',
    tools: {
      javac: ['/usr/lib/jvm/java-17-openjdk-amd64/bin/javac', 'javac'],
      java: ['/usr/lib/jvm/java-17-openjdk-amd64/bin/java', 'java'],
    },
    version: ['{java}', '-version'],
    // javac accepts a file whose classes are not named Main; say so at compile time, not at run time.
    compile: [
      '/bin/sh', '-c', '"$@" && { test -f Main.class || { echo "error: no class Main: the class with main() must be named Main" >&2; exit 1; }; }',
      'javac', '{javac}', '-J-Xmx512m', '-J-XX:+UseSerialGC', '-J-Xshare:auto', '-encoding', 'UTF-8', 'Main.java',
    ],
    compileProcesses: 128,
    run: [
      '{java}', '-Xmx{memoryMiB}m', '-Xss64m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1',
      '-XX:ReservedCodeCacheSize=64m', '-Xshare:auto', '-cp', '/box', 'Main',
    ],
    timeMultiplier: 2,
    extraMemoryKiB: 128 * 1024,
    extraProcesses: 64,
    outOfMemory: /java\.lang\.OutOfMemoryError/,
  },
  {
    id: 'go',
    name: 'Go',
    sourceFile: 'main.go',
    tools: { go: ['/usr/local/go/bin/go', '/usr/lib/go/bin/go', 'go'] },
    version: ['{go}', 'version'],
    compile: ['{go}', 'build', '-trimpath', '-o', 'main', 'main.go'],
    compileEnv: { GOCACHE: '/tmp/gocache', GOPATH: '/tmp/gopath', GO111MODULE: 'off', CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOFLAGS: '' },
    compileProcesses: 256,
    buildCache: {
      dir: '/tmp/gocache',
      warmUpSource: [
        'package main',
        'import ("bufio"; "container/heap"; "container/list"; "fmt"; "math"; "math/big"; "math/bits"; "os"; "sort"; "strconv"; "strings"; "unicode")',
        'var _ = []any{bufio.NewReader, heap.Init, list.New, math.Sqrt, big.NewInt, bits.Len, sort.Ints, strconv.Itoa, strings.Fields, unicode.IsDigit}',
        'func main() { fmt.Fprintln(os.Stdout) }',
        '',
      ].join('\n'),
    },
    run: ['/box/main'],
    timeMultiplier: 1,
    extraMemoryKiB: 0,
    extraProcesses: 16,
  },
  {
    id: 'rust',
    name: 'Rust (2021, -O)',
    sourceFile: 'main.rs',
    tools: { rustc: [{ probe: ['rustc', '--print', 'sysroot'], binary: 'bin/rustc' }, '/usr/bin/rustc'] },
    version: ['{rustc}', '--version'],
    compile: ['{rustc}', '--edition', '2021', '-O', '-o', 'main', 'main.rs'],
    compileProcesses: 128,
    run: ['/box/main'],
    timeMultiplier: 1,
    extraMemoryKiB: 0,
  },
];
