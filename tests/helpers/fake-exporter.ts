/**
 * A fake exporter serving every raw series a catalog reads, with counters that grow at fixed
 * rates from the moment it starts: enough for every recorded series and dashboard query to have data.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Labels = Record<string, string>;

export interface CounterSeries {
  kind: 'counter';
  name: string;
  labels: Labels;
  perSecond: number;
}

export interface GaugeSeries {
  kind: 'gauge';
  name: string;
  labels: Labels;
  /** The value now; seconds since the start are given. */
  value: (elapsedSeconds: number, nowSeconds: number) => number;
}

export type FakeSeries = CounterSeries | GaugeSeries;

export const counter = (name: string, labels: Labels, perSecond: number): CounterSeries => ({ kind: 'counter', name, labels, perSecond });
export const gauge = (name: string, labels: Labels, value: GaugeSeries['value']): GaugeSeries => ({ kind: 'gauge', name, labels, value });

/**
 * A histogram as counters: `shares` gives, for each bucket bound, the share of events at or under it
 * (cumulative, ending below or at 1); +Inf, _count and _sum follow.
 */
export function histogram(name: string, labels: Labels, perSecond: number, shares: Array<[string, number]>, meanSeconds: number): CounterSeries[] {
  return [
    ...shares.map(([le, share]) => counter(`${name}_bucket`, { ...labels, le }, perSecond * share)),
    counter(`${name}_bucket`, { ...labels, le: '+Inf' }, perSecond),
    counter(`${name}_count`, labels, perSecond),
    counter(`${name}_sum`, labels, perSecond * meanSeconds),
  ];
}

const labelText = (labels: Labels) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
    .join(',');

export class FakeExporter {
  private readonly start = Date.now();
  private server?: Server;

  constructor(private readonly series: FakeSeries[]) {}

  exposition(): string {
    const elapsed = (Date.now() - this.start) / 1000;
    const now = Date.now() / 1000;
    return `${this.series
      .map((s) => `${s.name}{${labelText(s.labels)}} ${s.kind === 'counter' ? s.perSecond * elapsed : s.value(elapsed, now)}`)
      .join('\n')}\n`;
  }

  listen(): Promise<string> {
    return new Promise((resolve) => {
      this.server = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        res.end(this.exposition());
      });
      this.server.listen(0, '127.0.0.1', () => resolve(`127.0.0.1:${(this.server!.address() as AddressInfo).port}`));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
