import { spawnSync } from 'node:child_process';
import type { LanguageInfo } from '../../../libs/contracts/index.js';
import type { ReadOnlyMount } from '../../../libs/sandbox/index.js';
import { type LanguageDefinition, LANGUAGES } from '../../../libs/judging/index.js';
import { resolveTool } from './resolve-tools.js';
import { ResolvedLanguage } from './resolved-language.js';

/**
 * The languages this worker can judge: every row of the table whose tools are found on the
 * host, with its version detected once at start. Built by `LanguageRegistry.detect()`.
 */
export class LanguageRegistry {
  private readonly byId: ReadonlyMap<string, ResolvedLanguage>;

  constructor(
    languages: readonly ResolvedLanguage[],
    /** Table rows left out, with why (for the start-up log). */
    readonly unavailable: readonly { id: string; reason: string }[] = [],
  ) {
    this.byId = new Map(languages.map((l) => [l.id, l]));
  }

  /** Resolves each table row's tools and version on this host. Slow (runs each `--version`): call once. */
  static detect(table: readonly LanguageDefinition[] = LANGUAGES): LanguageRegistry {
    const found: ResolvedLanguage[] = [];
    const unavailable: { id: string; reason: string }[] = [];
    for (const definition of table) {
      const tools: Record<string, string> = {};
      const mounts: ReadOnlyMount[] = [];
      const missing = Object.entries(definition.tools).find(([name, candidates]) => {
        const tool = resolveTool(candidates, tools);
        if (!tool) return true;
        tools[name] = tool.path;
        if (tool.mount && !mounts.some((m) => m.hostPath === tool.mount!.hostPath)) mounts.push(tool.mount);
        return false;
      });
      if (missing) {
        unavailable.push({ id: definition.id, reason: `${missing[0]} not found` });
        continue;
      }
      const [cmd, ...args] = definition.version.map((a) => a.replace(/\{(\w+)\}/g, (w, n: string) => tools[n] ?? w));
      // Some tools (java -version) print their version on stderr.
      const probe = spawnSync(cmd, args, { encoding: 'utf8', timeout: 20_000, stdio: ['ignore', 'pipe', 'pipe'] });
      if (probe.status !== 0) {
        unavailable.push({ id: definition.id, reason: `${cmd} ${args.join(' ')} failed` });
        continue;
      }
      const version = firstLine(probe.stdout) || firstLine(probe.stderr);
      found.push(new ResolvedLanguage(definition, tools, version || 'unknown', mounts));
    }
    return new LanguageRegistry(found, unavailable);
  }

  /** The language with this id, or undefined when this worker cannot judge it. */
  get(id: string): ResolvedLanguage | undefined {
    return this.byId.get(id);
  }

  all(): ResolvedLanguage[] {
    return [...this.byId.values()];
  }

  list(): LanguageInfo[] {
    return [...this.byId.values()].map((l) => l.info());
  }
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find(Boolean) ?? ''
  );
}
