/**
 * A client of Prometheus' HTTP API (instant and range queries) that trusts nothing it is sent:
 * no redirect is followed, an answer is read up to a byte limit and a time limit, its JSON and
 * its shape are checked, and every piece of server text echoed to a terminal is stripped of
 * control characters. Each failure is a UserError that names the URL, the query, the status and
 * what was wrong with the body.
 */
import { z } from 'zod';
import { UserError } from '../core/errors.js';
class PrometheusError extends UserError {}

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** A series of a range query: its labels and its [Unix seconds, value] points. */
export interface RangeSeries {
  labels: Record<string, string>;
  points: Array<[number, number]>;
}

export interface PrometheusClient {
  url: string;
  /** Instant query at `at` (Unix seconds); an instant vector or scalar as samples. */
  query(expr: string, at?: number): Promise<Sample[]>;
  /** Range query from `start` to `end` every `step` seconds. */
  queryRange(expr: string, start: number, end: number, step: number): Promise<RangeSeries[]>;
}

export interface ClientOptions {
  timeoutMs?: number;
  /** The most bytes one answer may have (default: SLOFORGE_MAX_RESPONSE_BYTES, else 64 MiB). */
  maxResponseBytes?: number;
  /**
   * Treat Prometheus' warnings as errors: a replay reads its source through remote read, and a
   * failed remote read is only a warning beside an empty (or partial) result.
   */
  warningsAreErrors?: boolean;
}

const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** The byte limit of one answer: the option, else SLOFORGE_MAX_RESPONSE_BYTES, else 64 MiB. */
function maxResponseBytes(option?: number): number {
  if (option !== undefined) return option;
  const fromEnv = process.env.SLOFORGE_MAX_RESPONSE_BYTES;
  if (fromEnv === undefined || fromEnv === '') return DEFAULT_MAX_RESPONSE_BYTES;
  if (!/^[1-9]\d*$/.test(fromEnv)) throw new UserError(`SLOFORGE_MAX_RESPONSE_BYTES: ${JSON.stringify(fromEnv)} is not a whole number of bytes`);
  return Number(fromEnv);
}

/**
 * Text from a server, safe to print: escape sequences (CSI, OSC) removed, other control
 * characters shown as \xNN, at most `max` characters.
 */
export function printable(text: string, max = 200): string {
  /* eslint-disable no-control-regex -- matching control characters is this function's job */
  const cleaned = text
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g, '')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/[\r\n\t]+/g, ' ');
  /* eslint-enable no-control-regex */
  return cleaned.length > max ? `${cleaned.slice(0, max)}…` : cleaned;
}

const number = z.union([z.number(), z.string()]).transform((v, context) => {
  const value = Number(v);
  // Prometheus writes NaN and ±Inf as strings; anything else that is not a number is a broken answer.
  if (Number.isNaN(value) && v !== 'NaN') {
    context.addIssue({ code: 'custom', message: `${JSON.stringify(v)} is not a number` });
    return z.NEVER;
  }
  return value;
});
const timestamp = z.number({ error: 'a timestamp must be a number' }).refine(Number.isFinite, 'a timestamp must be finite');
const point = z.tuple([timestamp, number]);
const labels = z.record(z.string(), z.string());
const vector = z.array(z.object({ metric: labels, value: point }));
const matrix = z.array(z.object({ metric: labels, values: z.array(point) }));
const envelope = z.object({
  status: z.string(),
  error: z.string().optional(),
  errorType: z.string().optional(),
  warnings: z.array(z.string()).optional(),
  data: z.object({ resultType: z.string(), result: z.unknown() }).optional(),
});

/** The body, read up to `limit` bytes; past it, the read stops and says so. */
async function readCapped(response: Response, limit: number, describe: () => string): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > limit) {
    await response.body?.cancel();
    throw new PrometheusError(`${describe()}: the answer is ${declared} bytes, over the limit of ${limit} (SLOFORGE_MAX_RESPONSE_BYTES)`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new PrometheusError(`${describe()}: the answer passed the limit of ${limit} bytes (SLOFORGE_MAX_RESPONSE_BYTES); nothing of it is used`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The time limit of one answer: SLOFORGE_HTTP_TIMEOUT_SECONDS, else the caller's default. */
function timeoutOf(fallbackMs: number): number {
  const fromEnv = process.env.SLOFORGE_HTTP_TIMEOUT_SECONDS;
  if (fromEnv === undefined || fromEnv === '') return fallbackMs;
  if (!/^[1-9]\d*$/.test(fromEnv)) throw new UserError(`SLOFORGE_HTTP_TIMEOUT_SECONDS: ${JSON.stringify(fromEnv)} is not a whole number of seconds`);
  return Number(fromEnv) * 1000;
}

export function prometheusClient(url: string, options: ClientOptions | number = {}): PrometheusClient {
  const {
    timeoutMs = timeoutOf(15_000),
    maxResponseBytes: byteOption,
    warningsAreErrors = false,
  } = typeof options === 'number' ? { timeoutMs: options } : options;
  const limit = maxResponseBytes(byteOption);
  const base = url.replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(base)) throw new PrometheusError(`${JSON.stringify(url)} is not an http(s) URL of a Prometheus server`);

  async function post(api: string, params: URLSearchParams, expr: string): Promise<{ resultType: string; result: unknown }> {
    const endpoint = `${base}/api/v1/${api}`;
    const describe = () => `Prometheus at ${base}, query ${JSON.stringify(expr)}`;
    let response: Response;
    let bytes: Uint8Array;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: params.toString(),
        // A redirect would send the queries (and any credentials in the URL) to wherever the answer says.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel();
        const location = response.headers.get('location');
        throw new PrometheusError(
          `${describe()}: HTTP ${response.status}, a redirect${location ? ` to ${printable(location)}` : ''}; sloforge follows no redirect: give the URL that answers itself`,
        );
      }
      bytes = await readCapped(response, limit, describe);
    } catch (error) {
      if (error instanceof PrometheusError) throw error;
      if ((error as Error).name === 'TimeoutError') throw new PrometheusError(`${describe()}: no complete answer within ${timeoutMs / 1000} s`);
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new PrometheusError(`cannot reach Prometheus at ${base}: ${printable(cause?.code ?? cause?.message ?? (error as Error).message)}`);
    }
    const text = new TextDecoder().decode(bytes);
    const head = () => `the body begins: ${JSON.stringify(printable(text, 120))}`;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      const type = response.headers.get('content-type') ?? 'no content type';
      const what =
        /html/i.test(type) || /^\s*</.test(text)
          ? 'an HTML page, not JSON'
          : text.length === 0
            ? 'empty'
            : `not JSON (${printable((error as Error).message)}; truncated?)`;
      throw new PrometheusError(`${describe()}: HTTP ${response.status}, ${printable(type)}: the body is ${what}; ${head()}`);
    }
    const parsed = envelope.safeParse(json);
    if (!parsed.success) throw new PrometheusError(`${describe()}: HTTP ${response.status}: the body is JSON but not a Prometheus API answer; ${head()}`);
    const body = parsed.data;
    if (!response.ok || body.status !== 'success' || !body.data) {
      throw new PrometheusError(`${describe()}: HTTP ${response.status}: ${body.error ? printable(body.error) : `status ${printable(body.status)}, no data`}`);
    }
    if (warningsAreErrors && body.warnings?.length) {
      throw new PrometheusError(`${describe()}: the answer is incomplete: ${body.warnings.map((w) => printable(w, 400)).join('; ')}`);
    }
    return body.data;
  }

  function shaped<T>(schema: z.ZodType<T>, result: unknown, expr: string, what: string): T {
    const checked = schema.safeParse(result);
    if (checked.success) return checked.data;
    const issue = checked.error.issues[0];
    throw new PrometheusError(
      `Prometheus at ${base}, query ${JSON.stringify(expr)}: the ${what} result has the wrong shape at ${printable(issue.path.join('.')) || 'its root'}: ${printable(issue.message)}`,
    );
  }

  return {
    url: base,
    async query(expr: string, at?: number): Promise<Sample[]> {
      const params = new URLSearchParams({ query: expr });
      if (at !== undefined) params.set('time', String(at));
      const { resultType, result } = await post('query', params, expr);
      if (resultType === 'scalar') return [{ labels: {}, value: shaped(point, result, expr, 'scalar')[1] }];
      if (resultType !== 'vector')
        throw new PrometheusError(`Prometheus at ${base}, query ${JSON.stringify(expr)}: a ${printable(resultType)} result, not an instant vector`);
      return shaped(vector, result, expr, 'vector').map((r) => ({ labels: r.metric, value: r.value[1] }));
    },
    async queryRange(expr: string, start: number, end: number, step: number): Promise<RangeSeries[]> {
      const params = new URLSearchParams({ query: expr, start: String(start), end: String(end), step: String(step) });
      const { resultType, result } = await post('query_range', params, expr);
      if (resultType !== 'matrix')
        throw new PrometheusError(`Prometheus at ${base}, query ${JSON.stringify(expr)}: a ${printable(resultType)} result, not a range (matrix)`);
      return shaped(matrix, result, expr, 'matrix').map((r) => ({ labels: r.metric, points: r.values }));
    },
  };
}

/** "2026-11-26T12:00:00Z", a Unix time in seconds, or "now". */
export function parseTime(text: string | undefined): number | undefined {
  if (text === undefined || text === 'now') return undefined;
  const ms = /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text);
  // Date holds ±8.64e15 ms; a time past it would print as "Invalid time value".
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15)
    throw new PrometheusError(`not a time: ${JSON.stringify(text)} (use RFC 3339, e.g. 2026-11-26T12:00:00Z, or Unix seconds)`);
  return ms / 1000;
}
