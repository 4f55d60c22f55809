/**
 * The characters a terminal may act on instead of showing, the one list of them: the C0 controls
 * except line feed and tab (ESC starts escape sequences that move the cursor, clear the screen or set
 * the window title; BEL rings; CR goes back to the start of the line, so what follows overwrites it;
 * backspace erases), DEL, the C1 controls U+0080–U+009F (U+009B is CSI, U+009D OSC on terminals that
 * take 8-bit controls), and the Unicode bidirectional embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069), which make text display in another order than it reads.
 */
// eslint-disable-next-line no-control-regex -- finding the control characters is this pattern's purpose
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** What an unsafe character is shown as: the Unicode replacement character, so that something was there stays visible. */
const REPLACEMENT = '\ufffd';

/**
 * `text` from the server made safe to print on a terminal: line feeds and tabs kept, a CR LF pair
 * taken as a line feed, every other character of UNSAFE replaced with U+FFFD. Every piece of text the
 * CLI prints for people that a server sent (compiler output, messages, names, ids, errors) goes through
 * this (or terminalLine); the CLI's own fixed text needs not.
 */
export function terminalText(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(UNSAFE, REPLACEMENT);
}

/** Like terminalText, for text that must stay on one line (a table cell, the progress line): line feeds and tabs become spaces too. */
export function terminalLine(text: string): string {
  return terminalText(text).replace(/[\n\t]+/g, ' ');
}

/**
 * `value` as indented JSON (JSON.stringify, two spaces) that is safe on a terminal and parses back to
 * the same value. JSON.stringify escapes the C0 controls itself (`\n`, `\u001b`) but leaves DEL, the
 * C1 controls and the bidirectional controls as they are; these are written as `\uXXXX` escapes here
 * (in JSON text they can only occur inside strings, where the escape means the same character).
 */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
