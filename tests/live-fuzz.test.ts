/**
 * Fuzzing the live-answer parser (issue "Nothing sloforge writes can run code", Also): a local
 * HTTP server answers each query with a random status, content type and body (valid answers,
 * answers of the wrong shape, JSON fragments, control characters, HTML); the client either
 * returns samples with string labels and numeric values, or refuses with a UserError whose
 * message holds no control character. A fixed seed runs in `make test`; SLOFORGE_FUZZ_SEED
 * explores another, and a seed that ever failed joins REGRESSION_SEEDS.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../src/core/errors.js';
import { prometheusClient } from '../src/prometheus-api/client.js';

const BASE_SEED = 20261207;
const REGRESSION_SEEDS: number[] = [];
const seeds = [BASE_SEED, ...REGRESSION_SEEDS, ...(process.env.SLOFORGE_FUZZ_SEED ? [Number(process.env.SLOFORGE_FUZZ_SEED)] : [])];

interface Answer {
  status: number;
  type: string;
  body: string;
}
let next: Answer = { status: 200, type: 'application/json', body: '{}' };
let url = '';
const server = createServer((_, response) => {
  response.writeHead(next.status, { 'content-type': next.type });
  response.end(next.body);
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const nasty = fc.oneof(fc.string(), fc.constantFrom('\u001b[31m', '\u001b]0;x\u0007', '\u0000', '\r\n', 'NaN', '+Inf', '-Inf', '1e309', '', '{', '<html>'));
const scalarLike = fc.oneof(fc.double(), fc.integer(), nasty, fc.constant(null), fc.boolean());
const value = fc.tuple(scalarLike, scalarLike).map(([t, v]) => [t, v]);
const sample = fc.record({
  metric: fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.string(), scalarLike), { maxKeys: 3 }),
  value: fc.oneof(value, scalarLike),
});
const wellFormed = fc.record({
  status: fc.constantFrom('success', 'error', 'weird'),
  error: fc.option(nasty, { nil: undefined }),
  warnings: fc.option(fc.array(nasty, { maxLength: 2 }), { nil: undefined }),
  data: fc.option(
    fc.record({
      resultType: fc.constantFrom('vector', 'scalar', 'matrix', 'string', 'x'),
      result: fc.oneof(fc.array(sample, { maxLength: 3 }), value, scalarLike),
    }),
    { nil: undefined },
  ),
});
/** Answers as Prometheus writes them: numbers as strings, NaN and infinities included. */
const valid = fc
  .array(
    fc.record({
      metric: fc.dictionary(fc.string({ maxLength: 5 }), fc.string(), { maxKeys: 3 }),
      value: fc.tuple(fc.double({ noNaN: true, min: 0, max: 2e9 }), fc.oneof(fc.double().map(String), fc.constantFrom('NaN', '+Inf', '-Inf'))),
    }),
    { maxLength: 3 },
  )
  .map((result) => JSON.stringify({ status: 'success', data: { resultType: 'vector', result } }));
const answer: fc.Arbitrary<Answer> = fc.record({
  status: fc.constantFrom(200, 200, 200, 400, 404, 422, 500, 503),
  type: fc.constantFrom('application/json', 'text/html', 'text/plain', ''),
  body: fc.oneof(
    valid,
    wellFormed.map((b) => JSON.stringify(b)),
    wellFormed.map((b) => JSON.stringify(b)).chain((text) => fc.nat({ max: text.length }).map((n) => text.slice(0, n))),
    nasty,
  ),
});

describe.each(seeds)('live-answer parser fuzzing, seed %i', (seed) => {
  it('returns well-typed samples or refuses with a clean UserError', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(answer, async (a) => {
        next = a;
        const client = prometheusClient(url, { timeoutMs: 5000 });
        try {
          const samples = await client.query('up', 1_790_000_000);
          accepted += 1;
          for (const s of samples) {
            expect(typeof s.value).toBe('number');
            for (const [k, v] of Object.entries(s.labels)) expect([typeof k, typeof v]).toEqual(['string', 'string']);
          }
        } catch (error) {
          expect(error).toBeInstanceOf(UserError);
          // eslint-disable-next-line no-control-regex -- the assertion is about control characters
          expect((error as Error).message).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
        }
      }),
      { seed, numRuns: 300 },
    );
    // The arbitrary reaches both sides: some answers are read, most refused.
    expect(accepted).toBeGreaterThan(0);
  });
});
