import { describe, expect, it } from 'vitest';
import { LANGUAGES } from './languages.table.js';
import { extensionsOf, fileNameProblem, javaPublicClass, sourceFileFor, withoutByteOrderMark } from './source-file.js';

const java = LANGUAGES.find((l) => l.id === 'java17')!;
const cpp = LANGUAGES.find((l) => l.id === 'cpp17')!;

describe('javaPublicClass', () => {
  it('finds the public top-level class, interface, enum or record, with modifiers, annotations and generics', () => {
    expect(javaPublicClass('import java.util.*;\npublic class Solution {\n public static void main(String[] a) {}\n}\n')).toBe('Solution');
    expect(javaPublicClass('public final class A extends B implements C {}')).toBe('A');
    expect(javaPublicClass('@SuppressWarnings("unchecked")\npublic abstract class Gen<T> {}')).toBe('Gen');
    expect(javaPublicClass('public record Point(int x, int y) {}')).toBe('Point');
    expect(javaPublicClass('public enum Color { RED }')).toBe('Color');
    expect(javaPublicClass('class Helper {}\npublic\nclass\tKattio {}')).toBe('Kattio');
    expect(javaPublicClass('public class Ünïcode {}')).toBe('Ünïcode');
  });

  it('ignores public nested classes, comments, strings, text blocks and char literals', () => {
    expect(javaPublicClass('class Main { public static class Inner {} public class Other {} }')).toBeNull();
    expect(javaPublicClass('// public class Commented {}\n/* public class Block {} */\nclass Main {}')).toBeNull();
    expect(javaPublicClass('class Main { String s = "public class InString {"; char c = \'{\'; }')).toBeNull();
    expect(javaPublicClass('class Main { String t = """\n}\npublic class InTextBlock {}\n"""; }')).toBeNull();
    expect(javaPublicClass('class Main { String s = "}"; }\npublic class After {}')).toBe('After');
  });
});

describe('sourceFileFor', () => {
  it("names a Java source after its public class, else the language's file", () => {
    expect(sourceFileFor(java, 'public class Solution {}')).toBe('Solution.java');
    expect(sourceFileFor(java, 'class Solution {}')).toBe('Main.java');
    expect(sourceFileFor(cpp, 'public class Solution {}')).toBe('main.cpp');
  });

  it('keeps the name the submitter gave', () => {
    expect(sourceFileFor(cpp, 'int main() {}', 'sol.cc')).toBe('sol.cc');
    expect(sourceFileFor(java, 'public class A {}', 'A.java')).toBe('A.java');
  });
});

describe('fileNameProblem', () => {
  it("accepts a plain name with one of the language's extensions", () => {
    expect(fileNameProblem(cpp, 'solution.cc')).toBeNull();
    expect(fileNameProblem(cpp, 'a-b_c.1.cpp')).toBeNull();
    expect(fileNameProblem(java, 'Solution.java')).toBeNull();
  });

  it('refuses paths, hidden files, other extensions and a bare extension, naming the rule', () => {
    for (const bad of ['../main.cpp', 'dir/main.cpp', '.cpp', '.hidden.cpp', 'main cpp.cpp', 'x'.repeat(101) + '.cpp', '']) {
      expect(fileNameProblem(cpp, bad), bad).toMatch(/^must be a plain file name|^must end with/);
    }
    expect(fileNameProblem(cpp, 'main.py')).toBe('must end with .cpp, .cc, .cxx, .c++ for cpp17');
    expect(fileNameProblem(java, 'Main.class')).toBe('must end with .java for java17');
  });
});

describe('extensionsOf', () => {
  it("lists the table's extensions, else the source file's, for every language", () => {
    expect(extensionsOf(cpp)).toEqual(['.cpp', '.cc', '.cxx', '.c++']);
    expect(extensionsOf(java)).toEqual(['.java']);
    for (const language of LANGUAGES) expect(extensionsOf(language).length, language.id).toBeGreaterThan(0);
  });
});

describe('withoutByteOrderMark', () => {
  it('drops one leading UTF-8 byte-order mark and nothing else', () => {
    expect(withoutByteOrderMark('\uFEFFint main() {}')).toBe('int main() {}');
    expect(withoutByteOrderMark('int main() {}\uFEFF')).toBe('int main() {}\uFEFF');
    expect(withoutByteOrderMark('')).toBe('');
  });
});
