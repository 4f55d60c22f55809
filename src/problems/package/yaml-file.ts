import { isCollection, isMap, LineCounter, parseDocument, type YAMLError, type Document } from 'yaml';
import { PackageError } from './package.error.js';

/**
 * A YAML file of a package (problem.yaml, testdata.yaml, test_group.yaml), parsed with the
 * line of each key kept so that a bad value is reported as `<file> line N: <key> ...`.
 */
export class YamlFile {
  private constructor(
    readonly path: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /**
   * Parses `text`; an empty file is an empty mapping.
   * @throws PackageError with the line of a syntax error, or when the top level is not a mapping.
   */
  static parse(path: string, text: string): YamlFile {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
    const error = doc.errors[0];
    if (error) throw new PackageError(path, describe(error), error.linePos?.[0]?.line);
    if (doc.contents !== null && !isMap(doc.contents)) {
      throw new PackageError(path, 'must be a YAML mapping (key: value lines) at the top level', 1);
    }
    return new YamlFile(path, doc, lines);
  }

  /** The value at `keys` as plain JS (undefined when absent). */
  get(...keys: string[]): unknown {
    const value = this.doc.getIn(keys);
    return isCollection(value) ? value.toJSON() : value;
  }

  has(...keys: string[]): boolean {
    return this.doc.hasIn(keys);
  }

  /** 1-based line of the value at `keys`, or undefined. */
  lineOf(...keys: string[]): number | undefined {
    const node = this.doc.getIn(keys, true) as { range?: [number, number, number] } | undefined;
    const offset = node?.range?.[0];
    return offset === undefined ? undefined : this.lines.linePos(offset).line;
  }

  /** A PackageError about the value at `keys`, on its line. */
  error(keys: string[], problem: string): PackageError {
    return new PackageError(this.path, `${keys.join('.')} ${problem}`, this.lineOf(...keys));
  }

  /** The value at `keys` as a number (a positive one when `positive`), or undefined when absent. */
  number(keys: string[], { positive = false } = {}): number | undefined {
    const value = this.get(...keys);
    if (value === undefined || value === null) return undefined;
    // String(): JSON.stringify would show .inf and 1e400 as "null".
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw this.error(keys, `must be a number, not ${typeof value === 'number' ? String(value) : JSON.stringify(value)}`);
    if (positive && value <= 0) throw this.error(keys, `must be greater than 0, not ${value}`);
    if (value < 0) throw this.error(keys, `must not be negative, not ${value}`);
    return value;
  }

  /** The value at `keys` as a string, or undefined when absent. */
  string(keys: string[]): string | undefined {
    const value = this.get(...keys);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (typeof value !== 'string') throw this.error(keys, 'must be a string');
    return value;
  }

  /** A string or a list of strings (space-separated words of a string count as items), or undefined. */
  words(keys: string[]): string[] | undefined {
    const value = this.get(...keys);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
    if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.map(String);
    throw this.error(keys, 'must be a string or a list of strings');
  }
}

function describe(error: YAMLError): string {
  const first = error.message.split('\n')[0] ?? error.message;
  return `invalid YAML: ${first.replace(/ at line \d+, column \d+:?$/, '')}`;
}
