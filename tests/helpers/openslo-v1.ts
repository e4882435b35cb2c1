/**
 * OpenSLO openslo/v1 as its specification states it (OpenSLO/OpenSLO README.md, "Specification"),
 * written here as zod schemas, independent of sloforge's exporter: the general schema (RFC 1123
 * names, display names of at most 63 characters as OpenSLO's model validates them, labels and
 * annotations), the duration shorthand, and each object kind with the rules its notes state:
 * - SLO: exactly one timeWindow; budgetingMethod one of three; target in [0, 1) or targetPercent in
 *   [0, 100), not both; timeSliceTarget (0, 1] required for Timeslices; timeSliceWindow for
 *   Timeslices and RatioTimeslices; one of indicator or indicatorRef; descriptions ≤ 1,050; op and
 *   value with a threshold metric only; a calendar (startTime, timeZone) exactly when not rolling;
 * - AlertPolicy: at most one condition, notificationTargets required;
 * - AlertCondition: a severity, and a burnrate condition with op, threshold and lookbackWindow;
 * - AlertNotificationTarget: a target; Service: an optional description.
 * Objects may reference others by name; `references` checks that each reference resolves.
 */
import { z } from 'zod';

const RFC1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const name = z.string().min(1).max(63).regex(RFC1123_LABEL, 'not an RFC 1123 label');
const durationShorthand = z.string().regex(/^[1-9][0-9]*[mhdwMQY]$/, 'not a duration shorthand (a positive integer and one of m h d w M Q Y)');
const description = z.string().max(1050);
const LABEL_KEY = /^[a-zA-Z0-9]([-a-zA-Z0-9_.]{0,61}[a-zA-Z0-9])?$/;
const annotationKey = z.string().refine((key) => {
  const [prefix, keyName] = key.includes('/') ? [key.slice(0, key.lastIndexOf('/')), key.slice(key.lastIndexOf('/') + 1)] : [undefined, key];
  const prefixOk = prefix === undefined || (prefix.length <= 253 && prefix.split('.').every((label) => RFC1123_LABEL.test(label)));
  return prefixOk && LABEL_KEY.test(keyName);
}, 'not an annotation key (an optional DNS subdomain prefix and /, then a name of at most 63 characters)');

const metadata = z.strictObject({
  name,
  displayName: z.string().max(63).optional(),
  labels: z.record(z.string().regex(LABEL_KEY), z.union([z.string(), z.array(z.string())])).optional(),
  annotations: z.record(annotationKey, z.string()).optional(),
});
const header = <K extends string, S extends z.ZodType>(kind: K, spec: S) =>
  z.strictObject({ apiVersion: z.literal('openslo/v1'), kind: z.literal(kind), metadata, spec });

const metricSource = z.strictObject({
  metricSource: z.strictObject({ metricSourceRef: z.string().optional(), type: z.string().optional(), spec: z.record(z.string(), z.unknown()) }),
});
const ratioMetric = z
  .strictObject({
    counter: z.boolean(),
    good: metricSource.optional(),
    bad: metricSource.optional(),
    total: metricSource.optional(),
    rawType: z.enum(['success', 'failure']).optional(),
    raw: metricSource.optional(),
  })
  .refine((r) => (r.raw ? r.rawType !== undefined && !r.good && !r.bad && !r.total : r.total && (r.good === undefined) !== (r.bad === undefined)), {
    message: 'a ratioMetric is raw with rawType, or total with exactly one of good and bad',
  });
const sliSpec = z
  .strictObject({ description: description.optional(), thresholdMetric: metricSource.optional(), ratioMetric: ratioMetric.optional() })
  .refine((s) => (s.thresholdMetric === undefined) !== (s.ratioMetric === undefined), { message: 'exactly one of thresholdMetric and ratioMetric' });
const inlineSli = z.strictObject({ metadata, spec: sliSpec });

const objective = z
  .strictObject({
    displayName: z.string().optional(),
    op: z.enum(['lte', 'gte', 'lt', 'gt']).optional(),
    value: z.number().optional(),
    target: z.number().gte(0).lt(1).optional(),
    targetPercent: z.number().gte(0).lt(100).optional(),
    timeSliceTarget: z.number().gt(0).lte(1).optional(),
    timeSliceWindow: z.union([z.number(), durationShorthand]).optional(),
    indicator: inlineSli.optional(),
    indicatorRef: z.string().optional(),
    compositeWeight: z.number().gt(0).optional(),
  })
  .refine((o) => (o.target === undefined) !== (o.targetPercent === undefined), { message: 'exactly one of target and targetPercent' });

const timeWindow = z
  .strictObject({
    duration: durationShorthand,
    isRolling: z.boolean().optional(),
    calendar: z
      .strictObject({ startTime: z.string().regex(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/, 'a date with time, 2020-01-21 12:30:00'), timeZone: z.string().min(1) })
      .optional(),
  })
  .refine((w) => (w.isRolling === true) !== (w.calendar !== undefined), {
    message: 'a rolling window has no calendar; a calendar-aligned one needs calendar (startTime, timeZone)',
  });

const conditionSpec = z.strictObject({
  description: description.optional(),
  severity: z.string().min(1),
  condition: z.strictObject({
    kind: z.literal('burnrate').optional(),
    op: z.enum(['lte', 'gte', 'lt', 'gt']),
    threshold: z.number(),
    lookbackWindow: durationShorthand,
    alertAfter: durationShorthand.optional(),
  }),
});
const alertPolicySpec = z.strictObject({
  description: description.optional(),
  alertWhenNoData: z.boolean().optional(),
  alertWhenResolved: z.boolean().optional(),
  alertWhenBreaching: z.boolean().optional(),
  conditions: z
    .array(z.union([z.strictObject({ conditionRef: z.string() }), z.strictObject({ kind: z.literal('AlertCondition'), metadata, spec: conditionSpec })]))
    .min(1)
    .max(1, 'an AlertPolicy has at most one condition'),
  notificationTargets: z
    .array(z.union([z.strictObject({ targetRef: z.string() }), z.strictObject({ kind: z.literal('AlertNotificationTarget'), metadata, spec: z.unknown() })]))
    .min(1, 'notificationTargets is required'),
});

const sloSpec = z
  .strictObject({
    description: description.optional(),
    service: z.string().min(1),
    indicator: inlineSli.optional(),
    indicatorRef: z.string().optional(),
    timeWindow: z.array(timeWindow).length(1, 'exactly one time window'),
    budgetingMethod: z.enum(['Occurrences', 'Timeslices', 'RatioTimeslices']),
    objectives: z.array(objective).min(1),
    alertPolicies: z
      .array(z.union([z.strictObject({ alertPolicyRef: z.string() }), header('AlertPolicy', alertPolicySpec).omit({ apiVersion: true })]))
      .optional(),
  })
  .superRefine((slo, ctx) => {
    const composite = slo.objectives.some((o) => o.indicator || o.indicatorRef);
    if (!composite && (slo.indicator === undefined) === (slo.indicatorRef === undefined))
      ctx.addIssue({ code: 'custom', message: 'exactly one of indicator and indicatorRef' });
    slo.objectives.forEach((o, i) => {
      // With the indicator inline: op and value belong to threshold metrics, and only to them.
      if (slo.indicator?.spec.ratioMetric && (o.op !== undefined || o.value !== undefined))
        ctx.addIssue({ code: 'custom', path: ['objectives', i], message: 'op and value are forbidden with a ratioMetric' });
      if (slo.indicator?.spec.thresholdMetric && (o.op === undefined || o.value === undefined))
        ctx.addIssue({ code: 'custom', path: ['objectives', i], message: 'op and value are required with a thresholdMetric' });
      if (slo.budgetingMethod === 'Timeslices' && o.timeSliceTarget === undefined)
        ctx.addIssue({ code: 'custom', path: ['objectives', i, 'timeSliceTarget'], message: 'required for Timeslices' });
      if (slo.budgetingMethod !== 'Occurrences' && o.timeSliceWindow === undefined)
        ctx.addIssue({ code: 'custom', path: ['objectives', i, 'timeSliceWindow'], message: `required for ${slo.budgetingMethod}` });
    });
  });

const openSloV1Document = z.discriminatedUnion('kind', [
  header('SLO', sloSpec),
  header('SLI', sliSpec),
  header('AlertPolicy', alertPolicySpec),
  header('AlertCondition', conditionSpec),
  header('AlertNotificationTarget', z.strictObject({ target: z.string().min(1), description: description.optional() })),
  header('Service', z.strictObject({ description: description.optional() })),
  header('DataSource', z.strictObject({ type: z.string().min(1), connectionDetails: z.unknown(), description: description.optional() })),
]);
export type OpenSloV1Document = z.infer<typeof openSloV1Document>;

/** Each document's problems, by index and name: empty when every document is valid openslo/v1. */
export function openSloV1Problems(documents: unknown[]): string[] {
  return documents.flatMap((document, index) => {
    const result = openSloV1Document.safeParse(document);
    if (result.success) return [];
    const named = (document as { kind?: string; metadata?: { name?: string } }).metadata?.name;
    return result.error.issues.map(
      (issue) => `document ${index + 1} (${(document as { kind?: string }).kind} ${named}): ${issue.path.join('.')}: ${issue.message}`,
    );
  });
}

/** References that name no object of their kind (indicatorRef, alertPolicyRef, conditionRef, targetRef), and names declared twice. */
export function openSloV1DanglingReferences(documents: OpenSloV1Document[]): string[] {
  const names = new Map<string, Set<string>>();
  const problems: string[] = [];
  for (const d of documents) {
    const set = names.get(d.kind) ?? new Set<string>();
    if (set.has(d.metadata.name)) problems.push(`${d.kind} ${d.metadata.name} is declared twice`);
    set.add(d.metadata.name);
    names.set(d.kind, set);
  }
  const has = (kind: string, name: string) => names.get(kind)?.has(name) ?? false;
  for (const d of documents) {
    if (d.kind === 'SLO') {
      if (d.spec.indicatorRef && !has('SLI', d.spec.indicatorRef)) problems.push(`SLO ${d.metadata.name}: no SLI ${d.spec.indicatorRef}`);
      for (const p of d.spec.alertPolicies ?? [])
        if ('alertPolicyRef' in p && !has('AlertPolicy', p.alertPolicyRef)) problems.push(`SLO ${d.metadata.name}: no AlertPolicy ${p.alertPolicyRef}`);
    }
    if (d.kind === 'AlertPolicy') {
      for (const c of d.spec.conditions)
        if ('conditionRef' in c && !has('AlertCondition', c.conditionRef)) problems.push(`AlertPolicy ${d.metadata.name}: no AlertCondition ${c.conditionRef}`);
      for (const t of d.spec.notificationTargets)
        if ('targetRef' in t && !has('AlertNotificationTarget', t.targetRef))
          problems.push(`AlertPolicy ${d.metadata.name}: no AlertNotificationTarget ${t.targetRef}`);
    }
  }
  return problems;
}
