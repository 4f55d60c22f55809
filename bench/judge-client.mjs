// Submitting to the running API as a client would: A+B workloads, and one submission followed
// over Socket.IO (the tests' client, test/support/results-client.ts) from the POST to `finished`.
import { postSubmission } from './bench-stack.mjs';
import { connectResults, PROGRAMS } from './built.mjs';

/** @typedef {import('../libs/contracts/index.js').SubmissionEvent} SubmissionEvent */
/** @typedef {import('../libs/contracts/index.js').FinishedEvent} FinishedEvent */

/**
 * An inline A+B submission in `language` (test/fixtures/programs.ts) with `tests` test cases.
 * @param {string} language
 * @param {number} tests
 */
export function aPlusB(language, tests) {
  const source = PROGRAMS[language]?.aPlusB;
  if (!source) throw new Error(`no A+B program for ${language} in test/fixtures/programs.ts`);
  return {
    language,
    sourceCode: source,
    testCases: Array.from({ length: tests }, (_, i) => ({ input: `${i} ${i + 1}\n`, expectedOutput: `${2 * i + 1}\n` })),
  };
}

/**
 * POSTs `body` and follows it over a fresh Socket.IO connection (connected before the POST, so
 * only the POST and the judging are timed; `subscribe` with afterSeq 0, so no event is missed).
 * @param {string} url the API's base URL
 * @param {object} body
 * @returns {Promise<{ id: string, ms: number, events: SubmissionEvent[], finished: FinishedEvent }>} ms: POST sent → `finished` received
 * @throws Error when the subscription is refused or the submission does not finish within 2 minutes.
 */
export async function judgeFollowed(url, body) {
  const client = await connectResults(url);
  try {
    const started = performance.now();
    const id = await postSubmission(url, body);
    const ack = await client.subscribe(id, 0);
    if (!ack.ok) throw new Error(`subscribe ${id}: ${ack.message}`);
    await client.finished(id, 120_000);
    const ms = performance.now() - started;
    const events = client.eventsOf(id);
    const finished = /** @type {FinishedEvent} */ (events.find((e) => e.type === 'finished'));
    return { id, ms, events, finished };
  } finally {
    client.close();
  }
}

/**
 * Throws unless the submission was Accepted.
 * @param {FinishedEvent} finished
 * @param {string} what
 */
export function expectAccepted(finished, what) {
  if (finished.verdict !== 'AC') throw new Error(`${what}: verdict ${finished.verdict}${finished.message ? `: ${finished.message}` : ''}`);
}
