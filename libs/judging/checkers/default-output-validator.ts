import type { CheckerResult } from './checker-result.js';

/**
 * Flags of the ICPC problem package format's default output validator
 * (problem package format, "Default Output Validator"; Kattis problemtools' default_validator).
 */
export interface DefaultValidatorOptions {
  /** Tokens compare case-sensitively. Default false: the format compares case-insensitively. */
  caseSensitive?: boolean;
  /** Whitespace must match exactly, not only separate tokens. Default false. */
  spaceChangeSensitive?: boolean;
  /** A token that is a float in the answer passes if the output's float is within this absolute distance. */
  floatAbsoluteTolerance?: number;
  /** ... or within this distance relative to the answer's value. */
  floatRelativeTolerance?: number;
}

/** How the validator words its messages. */
export interface ValidatorMessageOptions {
  /**
   * Never quote the answer (nor a difference that gives it away): for secret test cases, whose
   * messages reach the submitter. Tokens of the output itself may still be quoted.
   */
  hideAnswer?: boolean;
}

/** Whitespace as the format defines it: space, tab, newline, carriage return, vertical tab, form feed. */
const isSpace = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);

/** A decimal float as the format accepts: optional sign, digits with optional point, optional exponent. */
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Reads a text as a sequence of tokens and the whitespace between them, without splitting it into arrays. */
class TokenScanner {
  private pos = 0;
  /** Whitespace before the token returned last (or the trailing whitespace once at the end). */
  space = '';
  /** Number of tokens returned so far. */
  count = 0;
  /** 1-based line of the token returned last. */
  line = 1;

  constructor(private readonly text: string) {}

  /** The next token, or null at the end (then `space` holds the trailing whitespace). */
  next(): string | null {
    const { text } = this;
    const spaceStart = this.pos;
    while (this.pos < text.length && isSpace(text.charCodeAt(this.pos))) {
      if (text.charCodeAt(this.pos) === 0x0a) this.line++;
      this.pos++;
    }
    this.space = text.slice(spaceStart, this.pos);
    if (this.pos >= text.length) return null;
    const start = this.pos;
    while (this.pos < text.length && !isSpace(text.charCodeAt(this.pos))) this.pos++;
    this.count++;
    return text.slice(start, this.pos);
  }
}

/** A token (bytes as latin1 characters) as a message quotes it: its first 64 bytes, shown as UTF-8. */
const show = (token: string): string =>
  JSON.stringify(Buffer.from(token.length > 64 ? token.slice(0, 64) : token, 'latin1').toString('utf8') + (token.length > 64 ? '…' : ''));

/** ASCII letters lower-cased, every other byte unchanged: the format's case-insensitivity is for ASCII only. */
const asciiLower = (token: string): string => token.replace(/[A-Z]+/g, (s) => s.toLowerCase());

/**
 * Compares a program's output with the answer file the way the ICPC/Kattis default output
 * validator does: both are split into tokens on whitespace; tokens must be equal (ignoring
 * case unless `caseSensitive`); where a float tolerance is given and the answer's token is a
 * float, the output's token must be a float within the absolute or the relative tolerance.
 * Without `spaceChangeSensitive`, whitespace only separates tokens, so trailing spaces,
 * blank lines and CRLF line ends never cause Wrong Answer. A different token count is Wrong Answer.
 * Output and answer are compared as bytes, as the format specifies, never decoded: two different
 * invalid UTF-8 sequences, or one and U+FFFD, are different tokens; case-insensitivity folds only
 * the ASCII letters A–Z (Kattis problemtools' default validator does the same).
 * @param output the program's stdout, bytes.
 * @param answer the expected output, bytes.
 */
export function defaultOutputValidator(
  outputBytes: Buffer,
  answerBytes: Buffer,
  options: DefaultValidatorOptions = {},
  { hideAnswer = false }: ValidatorMessageOptions = {},
): CheckerResult {
  // latin1 maps each byte to one character (0–255) and back: tokens and whitespace are byte strings.
  const out = new TokenScanner(outputBytes.toString('latin1'));
  const ans = new TokenScanner(answerBytes.toString('latin1'));
  const absTol = options.floatAbsoluteTolerance;
  const relTol = options.floatRelativeTolerance;
  const useFloats = absTol !== undefined || relTol !== undefined;
  for (;;) {
    const a = ans.next();
    const o = out.next();
    if (options.spaceChangeSensitive && a !== null && o !== null && out.space !== ans.space) {
      return reject(`whitespace before token ${ans.count} differs (line ${out.line} of the output)`);
    }
    if (a === null && o === null) {
      if (options.spaceChangeSensitive && out.space !== ans.space) return reject('trailing whitespace differs');
      return { accepted: true, message: null };
    }
    if (a === null) return reject(`output has more tokens than the answer: extra token ${out.count} ${show(o!)} on line ${out.line}`);
    if (o === null) {
      return reject(
        hideAnswer
          ? `output ended after ${out.count} tokens; the answer has more`
          : `output ended after ${out.count} tokens; expected ${show(a)} (token ${ans.count})`,
      );
    }
    if (useFloats && FLOAT.test(a)) {
      if (!FLOAT.test(o)) {
        return reject(`token ${ans.count}: expected a number${hideAnswer ? '' : ` near ${show(a)}`}, got ${show(o)} (line ${out.line})`);
      }
      const expected = Number(a);
      const got = Number(o);
      const diff = Math.abs(expected - got);
      const withinAbs = absTol !== undefined && diff <= absTol;
      const withinRel = relTol !== undefined && diff <= relTol * Math.abs(expected);
      if (!withinAbs && !withinRel) {
        if (hideAnswer) return reject(`token ${ans.count}: ${show(o)} is beyond the tolerance (line ${out.line})`);
        return reject(
          `token ${ans.count}: expected ${show(a)}, got ${show(o)}, difference ${diff} is beyond the tolerance (line ${out.line})`,
        );
      }
      continue;
    }
    const same = options.caseSensitive ? a === o : a === o || asciiLower(a) === asciiLower(o);
    if (!same) {
      if (hideAnswer) return reject(`token ${ans.count}: ${show(o)} is wrong (line ${out.line})`);
      return reject(`token ${ans.count}: expected ${show(a)}, got ${show(o)} (line ${out.line})`);
    }
  }
}

function reject(message: string): CheckerResult {
  return { accepted: false, message };
}
