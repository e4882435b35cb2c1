/** A minimal client of Prometheus' HTTP API (instant queries), with errors that say what went wrong. */
import { UserError } from '../core/errors.js';
class PrometheusError extends UserError {}

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

export interface PrometheusClient {
  url: string;
  /** Instant query at `at` (Unix seconds); an instant vector or scalar as samples. */
  query(expr: string, at?: number): Promise<Sample[]>;
}

export function prometheusClient(url: string, timeoutMs = 15_000): PrometheusClient {
  const base = url.replace(/\/+$/, '');
  return {
    url: base,
    async query(expr: string, at?: number): Promise<Sample[]> {
      const params = new URLSearchParams({ query: expr });
      if (at !== undefined) params.set('time', String(at));
      let response: Response;
      try {
        response = await fetch(`${base}/api/v1/query`, {
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
      const { resultType, result } = body.data;
      if (resultType === 'scalar') return [{ labels: {}, value: Number((result as [number, string])[1]) }];
      if (resultType !== 'vector') throw new PrometheusError(`unexpected ${resultType} result for ${JSON.stringify(expr)}`);
      return (result as Array<{ metric: Record<string, string>; value: [number, string] }>).map((r) => ({ labels: r.metric, value: Number(r.value[1]) }));
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
