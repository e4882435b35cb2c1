/** A minimal client of Prometheus' HTTP API (instant queries), with errors that say what went wrong. */
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

export function prometheusClient(url: string, timeoutMs = 15_000): PrometheusClient {
  const base = url.replace(/\/+$/, '');
  async function post(api: string, params: URLSearchParams, expr: string): Promise<{ resultType: string; result: unknown }> {
    let response: Response;
    try {
      response = await fetch(`${base}/api/v1/${api}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: params.toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new PrometheusError(`cannot reach Prometheus at ${base}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
    }
    const body = (await response.json().catch(() => undefined)) as
      { status: string; error?: string; data?: { resultType: string; result: unknown } } | undefined;
    if (!response.ok || !body || body.status !== 'success' || !body.data) {
      throw new PrometheusError(`Prometheus at ${base} rejected the query ${JSON.stringify(expr)}: ${body?.error ?? `HTTP ${response.status}`}`);
    }
    return body.data;
  }
  return {
    url: base,
    async query(expr: string, at?: number): Promise<Sample[]> {
      const params = new URLSearchParams({ query: expr });
      if (at !== undefined) params.set('time', String(at));
      const { resultType, result } = await post('query', params, expr);
      if (resultType === 'scalar') return [{ labels: {}, value: Number((result as [number, string])[1]) }];
      if (resultType !== 'vector') throw new PrometheusError(`unexpected ${resultType} result for ${JSON.stringify(expr)}`);
      return (result as Array<{ metric: Record<string, string>; value: [number, string] }>).map((r) => ({ labels: r.metric, value: Number(r.value[1]) }));
    },
    async queryRange(expr: string, start: number, end: number, step: number): Promise<RangeSeries[]> {
      const params = new URLSearchParams({ query: expr, start: String(start), end: String(end), step: String(step) });
      const { result } = await post('query_range', params, expr);
      return (result as Array<{ metric: Record<string, string>; values: Array<[number, string]> }>).map((r) => ({
        labels: r.metric,
        points: r.values.map(([t, v]) => [t, Number(v)] as [number, number]),
      }));
    },
  };
}

/** "2026-11-26T12:00:00Z", a Unix time in seconds, or "now". */
export function parseTime(text: string | undefined): number | undefined {
  if (text === undefined || text === 'now') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new PrometheusError(`not a time: ${JSON.stringify(text)} (use RFC 3339, e.g. 2026-11-26T12:00:00Z, or Unix seconds)`);
  return ms / 1000;
}
