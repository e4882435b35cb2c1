/** The CI regression gate's configuration (sloforge bench-check) in the catalog schema. */
import { z } from 'zod';
import { Identifier } from './primitives.js';

/**
 * A CI regression gate (success criteria, "CI Regression Monitoring"): a figure compared between
 * a baseline run and the current one, failing when it grows by more than `maxIncrease`.
 */
export const RegressionGate = z
  .strictObject({
    id: Identifier,
    title: z.string().min(1),
    /** Key of a plain metrics file ({"metrics": {"<key>": number | number[]}}). */
    metric: z.string().min(1).optional(),
    /** Regular expression over pytest-benchmark names (benchmarks[].name) this gate applies to. */
    benchmarks: z.string().min(1).optional(),
    /** The statistic compared: pytest-benchmark stats, p95 of the raw rounds, or the median of a metric's samples. */
    statistic: z.enum(['median', 'mean', 'min', 'max', 'p95']).default('median'),
    /** Allowed increase as a share: 0.2 fails above +20%. */
    maxIncrease: z.number().gt(0).finite(),
    /** Where the team keeps the baseline (documentation only): "previous run", "baseline file". */
    baseline: z.string().default('baseline file'),
  })
  .superRefine((gate, ctx) => {
    if (!gate.metric && !gate.benchmarks)
      ctx.addIssue({ code: 'custom', path: ['metric'], message: 'a regression gate needs a metric key, a benchmarks pattern, or both' });
    if (gate.benchmarks) {
      try {
        new RegExp(gate.benchmarks);
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: ['benchmarks'], message: `is not a valid regular expression: ${(error as Error).message}` });
      }
    }
  });
