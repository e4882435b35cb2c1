/** The two inputs of bench-check: pytest-benchmark's JSON, and a plain metrics file. Validated with zod. */
import { z } from 'zod';
import { UserError } from '../core/errors.js';

const Stats = z.object({
  min: z.number(),
  max: z.number(),
  mean: z.number(),
  stddev: z.number(),
  rounds: z.number().int().nonnegative(),
  median: z.number(),
  iqr: z.number().optional(),
  q1: z.number().optional(),
  q3: z.number().optional(),
  ops: z.number().optional(),
  /** Raw round times, with --benchmark-save-data. */
  data: z.array(z.number()).optional(),
});

const PytestBenchmarkFile = z.object({
  machine_info: z.record(z.string(), z.unknown()).default({}),
  commit_info: z.record(z.string(), z.unknown()).default({}),
  benchmarks: z.array(z.object({ name: z.string().min(1), fullname: z.string().optional(), stats: Stats })),
  datetime: z.string().optional(),
  version: z.string().optional(),
});

const MetricsFile = z.object({
  machine_info: z.record(z.string(), z.unknown()).default({}),
  metrics: z.record(z.string(), z.union([z.number(), z.array(z.number()).min(1)])),
});

type PytestBenchmarks = z.output<typeof PytestBenchmarkFile>;
type Metrics = z.output<typeof MetricsFile>;

export type BenchInput = { kind: 'pytest-benchmark'; data: PytestBenchmarks } | { kind: 'metrics'; data: Metrics };

export class BenchInputError extends UserError {}

/** Parses a file's text as pytest-benchmark JSON or a metrics file; errors name the file and field. */
export function parseBenchInput(text: string, file: string): BenchInput {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new BenchInputError(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  const isPytest = typeof raw === 'object' && raw !== null && 'benchmarks' in raw;
  const result = isPytest ? PytestBenchmarkFile.safeParse(raw) : MetricsFile.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `field "${i.path.join('.') || '(root)'}": ${i.message}`).join('; ');
    throw new BenchInputError(
      `${file}: not a valid ${isPytest ? 'pytest-benchmark' : 'metrics'} file (${isPytest ? 'benchmarks[].name and stats' : '{"metrics": {"name": number or [numbers]}}'}): ${issues}`,
    );
  }
  return isPytest ? { kind: 'pytest-benchmark', data: result.data as PytestBenchmarks } : { kind: 'metrics', data: result.data as Metrics };
}
