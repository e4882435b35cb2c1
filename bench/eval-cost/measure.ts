/** What an engine's own /metrics say about its rule evaluation, read at the start and end of a measured window. */

export interface MetricSample {
  name: string;
  labels: string;
  value: number;
}

/** The samples of a Prometheus text exposition (comments skipped). */
export function parseExposition(text: string): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)/.exec(line);
    if (match) samples.push({ name: match[1], labels: match[2] ?? '', value: Number(match[3]) });
  }
  return samples;
}

/** The sum of every series of `name` (0 when there is none). */
export function total(samples: MetricSample[], name: string): number {
  return samples.filter((s) => s.name === name).reduce((sum, s) => sum + s.value, 0);
}

export async function readMetrics(url: string): Promise<MetricSample[]> {
  const response = await fetch(`${url}/metrics`);
  if (!response.ok) throw new Error(`${url}/metrics answered ${response.status}`);
  return parseExposition(await response.text());
}

/** An instant query's single value (the count of recorded series, say); undefined when the answer is empty. */
export async function queryScalar(url: string, query: string): Promise<number | undefined> {
  const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await response.json()) as { status: string; data?: { result: Array<{ value: [number, string] }> }; error?: string };
  if (body.status !== 'success') throw new Error(`${url}: ${query}: ${body.error}`);
  const value = body.data?.result[0]?.value[1];
  return value === undefined ? undefined : Number(value);
}

export function median(values: number[]): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
