// The issue's targets (issue 12) checked against a benchmark run, and the run as a Markdown report.

/**
 * @typedef {Record<string, any>} Sections the `sections` of a results file, by section name
 * @typedef {{ label: string, target: string, value: (s: Sections) => number | undefined, pass: (v: number) => boolean, unit: string }} Target
 */

/** @param {Sections} s @param {string} language */
const throughputRatio = (s, language) => s.throughput?.languages?.find((/** @type {any} */ l) => l.language === language)?.ratio;
/** @param {Sections} s @param {string} id */
const compileMedian = (s, id) => s.compile?.rows?.find((/** @type {any} */ r) => r.id === id && r.measured)?.compileMs.median;

/** @type {Target[]} */
export const TARGETS = [
  {
    label: 'sandbox overhead, warm, median',
    target: '≤ 1 ms',
    unit: 'ms',
    value: (s) => s.overhead?.warm.difference.median,
    pass: (v) => v <= 1,
  },
  {
    label: 'sandbox overhead, cold, median',
    target: '≤ 1 ms',
    unit: 'ms',
    value: (s) => s.overhead?.cold.difference.median,
    pass: (v) => v <= 1,
  },
  {
    label: 'sandbox overhead, warm, p99',
    target: '≤ 3 ms',
    unit: 'ms',
    value: (s) => s.overhead?.warm.difference.p99,
    pass: (v) => v <= 3,
  },
  {
    label: 'sandbox overhead, cold, p99',
    target: '≤ 3 ms',
    unit: 'ms',
    value: (s) => s.overhead?.cold.difference.p99,
    pass: (v) => v <= 3,
  },
  {
    label: 'test-run overhead through the resident, warm, median',
    target: '≤ 1 ms',
    unit: 'ms',
    value: (s) => s.overhead?.warm.resident?.difference.median,
    pass: (v) => v <= 1,
  },
  {
    label: 'test-run overhead through the resident, warm, p99',
    target: '≤ 3 ms',
    unit: 'ms',
    value: (s) => s.overhead?.warm.resident?.difference.p99,
    pass: (v) => v <= 3,
  },
  {
    label: 'test-run overhead through the resident, cold, median',
    target: '≤ 1 ms',
    unit: 'ms',
    value: (s) => s.overhead?.cold.resident?.difference.median,
    pass: (v) => v <= 1,
  },
  {
    label: 'test-run overhead through the resident, cold, p99',
    target: '≤ 3 ms',
    unit: 'ms',
    value: (s) => s.overhead?.cold.resident?.difference.p99,
    pass: (v) => v <= 3,
  },
  {
    label: 'idle Python A+B, 1 test, POST → finished, median',
    target: '≤ 50 ms',
    unit: 'ms',
    value: (s) => s.latency?.cases?.find((/** @type {any} */ c) => c.id === 'python3-1')?.ms.median,
    pass: (v) => v <= 50,
  },
  {
    label: 'throughput, Python, of the machine limit',
    target: '≥ 85%',
    unit: '%',
    value: (s) => pct(throughputRatio(s, 'python3')),
    pass: (v) => v >= 85,
  },
  {
    label: 'throughput, C++, of the machine limit',
    target: '≥ 85%',
    unit: '%',
    value: (s) => pct(throughputRatio(s, 'cpp17')),
    pass: (v) => v >= 85,
  },
  {
    label: 'C++ <bits/stdc++.h> compile, speed-up with PCH',
    target: '≥ 3×',
    unit: '×',
    value: (s) => {
      const cold = compileMedian(s, 'cold');
      const pch = compileMedian(s, 'with-pch');
      return cold === undefined || pch === undefined ? undefined : cold / pch;
    },
    pass: (v) => v >= 3,
  },
  { label: 'C++ compile, cache hit', target: '< 20 ms', unit: 'ms', value: (s) => compileMedian(s, 'repeat'), pass: (v) => v < 20 },
  {
    label: 'CPU time of a 1 s loop under full load, spread',
    target: 'within ±3%',
    unit: '%',
    value: (s) => s.cpu?.spreadPct,
    pass: (v) => v <= 3,
  },
];

/** @param {number | undefined} ratio */
const pct = (ratio) => (ratio === undefined ? undefined : ratio * 100);

/**
 * Each target with the run's value and pass, fail or "not measured".
 * @param {Sections} sections
 */
export function checkTargets(sections) {
  return TARGETS.map((t) => {
    const v = t.value(sections);
    const value = v === undefined || Number.isNaN(v) ? null : Math.round(v * 100) / 100;
    return {
      label: t.label,
      target: t.target,
      unit: t.unit,
      value,
      result: value === null ? 'not measured' : t.pass(value) ? 'pass' : 'fail',
    };
  });
}

/** @param {(string | number)[][]} rows first row: the header */
const table = (rows) => [rows[0], rows[0].map(() => '---'), ...rows.slice(1)].map((r) => `| ${r.join(' | ')} |`).join('\n');

/** @param {{ median: number, p95: number, p99: number }} s */
const mpp = (s) => [s.median, s.p95, s.p99];

/** @type {Record<string, (r: any) => string>} */
const SECTION_MD = {
  overhead: (r) =>
    [
      `${r.program}; ${r.runs} interleaved pairs per series; ${r.cgroup}. ms, wall time from spawn to close.`,
      '',
      table([
        ['series', 'bare median', 'p95', 'p99', 'sandboxed median', 'p95', 'p99', 'difference median', 'p95', 'p99'],
        ...['warm', 'cold'].flatMap((k) => {
          const series = k === 'cold' ? `cold (${r.coldIdleMs} ms idle before each run)` : 'warm (back to back)';
          const rows = [[`${series}, per-run sandbox`, ...mpp(r[k].bare), ...mpp(r[k].sandboxed), ...mpp(r[k].difference)]];
          if (r[k].resident)
            rows.push([
              `${series}, resident (SANDBOX_RESIDENT)`,
              ...mpp(r[k].bare),
              ...mpp(r[k].resident.sandboxed),
              ...mpp(r[k].resident.difference),
            ]);
          return rows;
        }),
      ]),
      '',
      ...r.others.map((/** @type {any} */ o) => `- ${o.name}: ${o.note}`),
    ].join('\n'),
  latency: (r) =>
    [
      `POST /submissions → \`finished\` received over Socket.IO, one at a time, after ${r.warmUp} warm-up submissions. ms.`,
      '',
      table([
        ['submission', 'n', 'median', 'p95', 'p99', 'min', 'max'],
        ...r.cases.map((/** @type {any} */ c) => [c.label, c.ms.n, ...mpp(c.ms), c.ms.min, c.ms.max]),
      ]),
    ].join('\n'),
  throughput: (r) =>
    [
      `A+B with 10 tests each, ${r.postsInFlight} POSTs in flight; the machine limit: every core running the same compile step and 10 runs bare, back to back.`,
      '',
      table([
        ['language', 'submissions', 'test runs', 'seconds', 'test runs/s', 'CPU busy', 'machine limit, test runs/s', 'ratio'],
        ...r.languages.map((/** @type {any} */ l) => [
          l.language,
          l.service.submissions,
          l.service.testRuns,
          l.service.seconds,
          l.service.testRunsPerS,
          `${Math.round(l.service.cpuUtilisation * 100)}%`,
          `${l.machineLimit.testRunsPerS} (${l.machineLimit.cores} cores, ${l.machineLimit.seconds} s)`,
          `${Math.round(l.ratio * 100)}%`,
        ]),
      ]),
      '',
      'CPU time used during each run by the processes of this benchmark, s (the machine-wide CPU busy share above also counts other processes on the machine):',
      '',
      ...r.languages.map(
        (/** @type {any} */ l) =>
          `- ${l.language}: ${Object.entries(l.service.cpuSecondsByProcess)
            .filter(([, s]) => Number(s) > 0)
            .map(([role, s]) => `${role} ${s}`)
            .join(', ')}`,
      ),
    ].join('\n'),
  compile: (r) =>
    [
      'C++17 A+B with `#include <bits/stdc++.h>`, compile step as the worker reports it (`compiled` event, `compileMs`). ms.',
      '',
      table([
        ['compile', 'n', 'median', 'min', 'max'],
        ...r.rows.map((/** @type {any} */ row) =>
          row.measured
            ? [row.label, row.compileMs.n, row.compileMs.median, row.compileMs.min, row.compileMs.max]
            : [row.label, '–', `not measured: ${row.note}`, '', ''],
        ),
      ]),
    ].join('\n'),
  cpu: (r) =>
    [
      `A C loop of ${r.loops} iterations (about 1 s of CPU bare), judged ${r.judgings} times, all queued at once (every slot busy). CPU time reported, ms.`,
      '',
      table([
        ['n', 'min', 'median', 'max', 'spread from the median'],
        [r.cpuTimeMs.n, r.cpuTimeMs.min, r.cpuTimeMs.median, r.cpuTimeMs.max, `±${r.spreadPct}%`],
      ]),
    ].join('\n'),
};

/** @type {Record<string, string>} */
export const SECTION_TITLES = {
  overhead: '1. Sandbox overhead',
  latency: '2. End-to-end latency, idle',
  throughput: '3. Throughput',
  compile: '4. Compile time',
  cpu: '5. CPU-time stability',
};

/**
 * The run as Markdown: the machine, the load before and after, one table per section and the targets.
 * @param {any} results the results file's content
 */
export function toMarkdown(results) {
  const m = results.machine;
  const parts = [
    `# Verdict benchmark, ${results.date}`,
    '',
    `\`${results.command}\`, ${Math.round(results.durationS)} s; counts scaled by ${Object.entries(results.scales)
      .map(([n, f]) => `${n} ${f}`)
      .join(', ')}.`,
    '',
    table([
      ['machine', ''],
      ['CPU', m.cpuModel],
      ['cores', m.cores],
      ['kernel', m.kernel],
      ['cgroup', m.cgroup],
      ['memory', `${m.memoryGiB} GiB`],
      ['Node.js', m.node],
      ['load before', results.load.before.uptime],
      ['load after', results.load.after.uptime],
    ]),
  ];
  for (const [name, r] of Object.entries(results.sections)) {
    parts.push('', `## ${SECTION_TITLES[name]}`, '', r.error ? `failed: ${r.error}` : SECTION_MD[name](r));
  }
  parts.push(
    '',
    '## Targets (issue 12)',
    '',
    table([
      ['figure', 'target', 'measured', 'result'],
      ...results.targets.map((/** @type {any} */ t) => [t.label, t.target, t.value === null ? '–' : `${t.value} ${t.unit}`, t.result]),
    ]),
  );
  return parts.join('\n') + '\n';
}
