/**
 * docs/asyncapi.yaml is a valid AsyncAPI 3.0 document (the official parser, every error-severity
 * diagnostic fails), and its payload schemas compile and accept (and refuse) what the code's types
 * say. The e2e tests validate every real event they receive against the same schemas
 * (test/support/events.ts: eventSchemas), so the document cannot drift from the code.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import { describe, expect, it } from 'vitest';
import { SUBMISSION_EVENT_TYPES, type SubmissionEvent } from '../../libs/contracts/index.js';
import { ASYNCAPI_PATH, eventSchemas } from '../support/events.js';

describe('docs/asyncapi.yaml', () => {
  it('parses as AsyncAPI 3.0 without an error diagnostic', async () => {
    const { document, diagnostics } = await new Parser().parse(readFileSync(ASYNCAPI_PATH, 'utf8'), {
      source: path.resolve(ASYNCAPI_PATH),
    });
    const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
    expect(errors.map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
    const channels = document!
      .channels()
      .all()
      .map((c) => c.address());
    expect(channels).toEqual(expect.arrayContaining(['verdict:submission-events', '/']));
    const names = document!
      .messages()
      .all()
      .map((m) => m.name());
    for (const name of ['subscribe', 'unsubscribe', 'subscribe-problem', 'unsubscribe-problem', 'state', 'event', 'error']) {
      expect(names).toContain(name);
    }
  });

  it('describes every event type, and its schemas accept real shapes and refuse undeclared fields', () => {
    const schemas = eventSchemas();
    const base = { submissionId: 'ab'.repeat(12), problemId: null, seq: 3, at: '2026-12-02T02:00:00.000Z' };
    const result = {
      test: 1,
      verdict: 'AC',
      cpuTimeMs: 3,
      wallTimeMs: 4,
      memoryKiB: 900,
      exitCode: 0,
      signal: null,
      stdout: '3\n',
      stderr: '',
      checkerMessage: null,
    };
    const samples: Record<SubmissionEvent['type'], object> = {
      queued: { ...base, type: 'queued' },
      compiling: { ...base, type: 'compiling', problemId: 'cd'.repeat(12) },
      compiled: { ...base, type: 'compiled', compileMs: 120, compileCached: false },
      running: { ...base, type: 'running', test: 1, of: 2 },
      'test-finished': { ...base, type: 'test-finished', test: 1, of: 2, verdict: 'AC', cpuMs: 3, wallMs: 4, memoryKiB: 900, result },
      finished: {
        ...base,
        type: 'finished',
        status: 'finished',
        verdict: 'WA',
        passed: 1,
        testCount: 2,
        cpuTimeMs: 3,
        memoryKiB: 900,
        message: null,
      },
    };
    for (const type of SUBMISSION_EVENT_TYPES) {
      expect(schemas.event(samples[type]), `${type}: ${schemas.errors()}`).toBe(true);
      expect(schemas.event({ ...samples[type], undeclared: 1 }), type).toBe(false);
    }
    expect(schemas.event({ ...base, type: 'exploded' })).toBe(false);
    expect(schemas.event({ ...samples.queued, problemId: undefined })).toBe(false);
  });
});
