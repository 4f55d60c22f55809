/** Most alternatives a glob's `{a,b}` may expand to (a bound on hostile submissions.yaml keys). */
const MAX_ALTERNATIVES = 256;

/**
 * Whether `pattern` matches `path` or one of its ancestors, by the problem package format's glob
 * rules (2025-09 submissions.yaml): `*` matches within one name (never `/`), `{a,b}` alternatives
 * (nested allowed); `**` and `[...]` are not special. Both are relative paths (`accepted/a.py`,
 * `secret/group1/03`); `secret/group1` matches every test case under that group.
 */
export function globMatches(pattern: string, path: string): boolean {
  const regexes = expandBraces(pattern).map((p) => new RegExp(`^${p.split('*').map(escape).join('[^/]*')}$`));
  const parts = path.split('/');
  for (let n = parts.length; n >= 1; n--) {
    const prefix = parts.slice(0, n).join('/');
    if (regexes.some((r) => r.test(prefix))) return true;
  }
  return false;
}

function escape(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/** `a{b,c}d` → `abd`, `acd` (the first, innermost-complete group expanded, recursively). */
function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf('{');
  if (open < 0) return [pattern];
  let depth = 0;
  let close = -1;
  const commas: number[] = [];
  for (let i = open; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      close = i;
      break;
    } else if (c === ',' && depth === 1) commas.push(i);
  }
  if (close < 0) return [pattern];
  const bounds = [open, ...commas, close];
  const out: string[] = [];
  for (let k = 0; k + 1 < bounds.length && out.length < MAX_ALTERNATIVES; k++) {
    const alternative = pattern.slice(bounds[k]! + 1, bounds[k + 1]!);
    for (const e of expandBraces(pattern.slice(0, open) + alternative + pattern.slice(close + 1))) {
      if (out.length < MAX_ALTERNATIVES) out.push(e);
    }
  }
  return out;
}
