/**
 * Sloth specs (prometheus/v1, and Kubernetes PrometheusServiceLevel resources) to sloforge catalog
 * source a team can commit and edit. Events SLIs whose queries are a sum of one counter's rate
 * over {{.window}} map to ratio SLIs, raw SLIs to raw SLIs; objectives, labels, page and ticket
 * alert labels and annotations, and disabled page alerts carry over. What cannot be mapped is an
 * error naming the SLO (plugin SLIs, other query shapes) or a warning (a disabled ticket alert).
 */
import { z } from 'zod';
import { Rational } from '../core/decimal.js';
import { UserError } from '../core/errors.js';
import { call, commented, writeCatalogModule, type Commented, type SourceValue } from './catalog-source.js';
import { labelNameProblem, parseShape, yamlDocuments } from './input.js';
import { parseMatchers } from './label-matchers.js';

/** The longest text field an import takes (a description, a query, a label value). */
const MAX_TEXT = 64 * 1024;
const text = z.string().max(MAX_TEXT, `longer than ${MAX_TEXT} characters`);
/** Label values as YAML writes them: Sloth's Go code reads `tier: 2` as the string "2". */
const labelValue = z.union([text, z.number(), z.boolean()]).transform(String);
const labels = z.record(z.string(), labelValue).superRefine((value, context) => {
  for (const name of Object.keys(value)) {
    const problem = labelNameProblem(name);
    if (problem) context.addIssue({ code: 'custom', path: [name], message: problem });
  }
});
const alert = z.looseObject({ disable: z.boolean().optional(), labels: labels.optional(), annotations: labels.optional() });
const query = text.min(1, 'a query is required');
const sloShape = z.looseObject({
  name: z.string().min(1, 'a name is required').max(200, 'longer than 200 characters'),
  objective: z.number({ error: 'a percentage between 0 and 100 is required' }),
  description: text.optional(),
  labels: labels.optional(),
  sli: z.looseObject({
    events: z
      .looseObject({ error_query: query.optional(), total_query: query.optional(), errorQuery: query.optional(), totalQuery: query.optional() })
      .optional(),
    raw: z.looseObject({ error_ratio_query: query.optional(), errorRatioQuery: query.optional() }).optional(),
    plugin: z.unknown().optional(),
  }),
  alerting: z
    .looseObject({
      name: text.optional(),
      labels: labels.optional(),
      annotations: labels.optional(),
      page_alert: alert.optional(),
      ticket_alert: alert.optional(),
      pageAlert: alert.optional(),
      ticketAlert: alert.optional(),
    })
    .optional(),
});
const specShape = z.looseObject({
  service: z.string().min(1, 'a service name is required').max(200, 'longer than 200 characters'),
  labels: labels.optional(),
  slos: z.array(z.unknown(), { error: 'a list of SLOs is required' }),
});

type SlothAlert = z.infer<typeof alert>;
type SlothSlo = z.infer<typeof sloShape>;
type SlothSpec = z.infer<typeof specShape>;

interface Matcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

interface CounterQuery {
  metric: string;
  matchers: Matcher[];
}

export interface SlothImport {
  /** The catalog module, TypeScript. */
  source: string;
  warnings: string[];
}

/** `sum(rate(metric{matchers}[{{.window}}]))`, the shape Sloth's docs use; anything else is refused. */
const QUERY =
  /^sum\s*\(\s*(?:rate|increase)\s*\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{(?:[^}"]|"(?:[^"\\]|\\[\s\S])*")*\})?\s*\[\s*\{\{\s*\.window\s*\}\}\s*\]\s*\)\s*\)$/;

function parseQuery(query: string, where: string, field: string): CounterQuery {
  const match = QUERY.exec(query.trim());
  if (!match) {
    throw new UserError(
      `${where}: field "${field}": cannot import "${query.trim()}": sloforge imports one counter's sum(rate(metric{...}[{{.window}}])); rewrite the SLI as events of one counter, or write it in the catalog by hand`,
    );
  }
  const matchers = parseMatchers(match[2], query, where, field);
  return { metric: match[1], matchers };
}

const same = (a: Matcher, b: Matcher) => a.label === b.label && a.op === b.op && a.value === b.value;

function selectorValue(query: CounterQuery): SourceValue {
  return { metric: query.metric, matchers: query.matchers.map((m) => ({ label: m.label, op: m.op, value: m.value })) };
}

/** Which Sloth documents a file holds: prometheus/v1 specs and sloth.slok.dev/v1 PrometheusServiceLevel resources. */
function specsOf(text: string, file: string): Array<{ spec: SlothSpec; where: string }> {
  return yamlDocuments(text, file).map(({ value, where }) => {
    const document = value as Record<string, unknown>;
    if (typeof document !== 'object' || Array.isArray(document))
      throw new UserError(`${where}: not a Sloth spec (a map with version: prometheus/v1, or kind: PrometheusServiceLevel)`);
    if (document.version === 'prometheus/v1') return { spec: parseShape(specShape, document, () => where), where };
    if (document.kind === 'PrometheusServiceLevel' && typeof document.apiVersion === 'string' && document.apiVersion.startsWith('sloth.slok.dev/')) {
      const spec = parseShape(specShape, document.spec ?? {}, () => `${where}: PrometheusServiceLevel`);
      return { spec, where };
    }
    throw new UserError(`${where}: not a Sloth spec (version: prometheus/v1, or kind: PrometheusServiceLevel)`);
  });
}

/** The catalog source for the SLOs of every given Sloth file. */
export function importSloth(files: Array<{ path: string; text: string }>): SlothImport {
  const warnings: string[] = [];
  const services = new Map<string, { labels: Record<string, string>; slos: SourceValue[] }>();
  for (const file of files) {
    for (const { spec, where } of specsOf(file.text, file.path)) {
      const entry = services.get(spec.service) ?? { labels: spec.labels ?? {}, slos: [] };
      services.set(spec.service, entry);
      spec.slos.forEach((raw, i) => {
        const slo = parseShape(sloShape, raw, (path) => `${where}: service ${JSON.stringify(spec.service)}, slos[${i}]${nameOf(raw, path)}`);
        entry.slos.push(sloValue(slo, spec, `${where}: service ${JSON.stringify(spec.service)}, SLO ${JSON.stringify(slo.name)}`, warnings));
      });
    }
  }
  const serviceValues = [...services].map(([name, { labels, slos }]) => {
    if (!kebab(name)) throw new UserError(`service ${JSON.stringify(name)}: field "service": no letter or digit to make a service name of`);
    const owner = labels.owner ?? labels.team ?? 'TODO-owner';
    if (owner === 'TODO-owner') warnings.push(`service ${JSON.stringify(name)}: no owner or team label: owner is "TODO-owner", edit it`);
    return call('service', {
      name: kebab(name),
      owner,
      runbookBaseUrl: commented(`https://runbooks.example.com/${kebab(name)}`, 'Imported from Sloth: Sloth has no runbook or dashboard URL; edit these.'),
      dashboardBaseUrl: 'https://grafana.example.com',
      environments: commented(
        [call('environment', 'production', { period: '30d', alerting: 'page-and-ticket', matchers: [] })],
        "Sloth's queries select their own series (environment included): no matchers are added.",
      ),
      slos,
    });
  });
  const source = writeCatalogModule({
    header: `Imported by sloforge import sloth from ${files.map((f) => f.path).join(', ')}. Edit freely: this is the catalog now.`,
    root: call('catalog', ...serviceValues),
  });
  return { source, warnings };
}

/** `, SLO "name"` when the SLO's name can be read (and the error is not about the name). */
function nameOf(raw: unknown, path: ReadonlyArray<PropertyKey>): string {
  const name = (raw as { name?: unknown } | null)?.name;
  return typeof name === 'string' && path[0] !== 'name' ? ` (SLO ${JSON.stringify(name)})` : '';
}

/** Events of one counter each: a ratio SLI (with the Sloth query kept as a comment). */
function eventsSli(events: SlothSlo['sli']['events'], where: string): Commented {
  const errorQuery = events?.error_query ?? events?.errorQuery;
  const totalQuery = events?.total_query ?? events?.totalQuery;
  if (!errorQuery || !totalQuery) throw new UserError(`${where}: field "sli.events": error_query and total_query are required`);
  const total = parseQuery(totalQuery, where, 'sli.events.total_query');
  const bad = parseQuery(errorQuery, where, 'sli.events.error_query');
  // The same counter: only the matchers that narrow it to errors differ.
  const badSelector = bad.metric === total.metric ? { metric: bad.metric, matchers: bad.matchers.filter((m) => !total.matchers.some((t) => same(m, t))) } : bad;
  if (bad.metric === total.metric && badSelector.matchers.length === 0)
    throw new UserError(`${where}: field "sli.events.error_query": it selects the same series as total_query`);
  return commented({ kind: 'ratio', total: selectorValue(total), bad: selectorValue(badSelector) }, `Sloth: error_query ${errorQuery.trim()}`);
}

/** One error-ratio query: a raw SLI, evaluated over each window as Sloth does. */
function rawSli(raw: NonNullable<SlothSlo['sli']['raw']>, where: string): SourceValue {
  const query = raw.error_ratio_query ?? raw.errorRatioQuery;
  if (!query || !query.includes('{{.window}}')) throw new UserError(`${where}: field "sli.raw.error_ratio_query": a query with {{.window}} is required`);
  return { kind: 'raw', errorRatioQuery: query.trim() };
}

function sloValue(slo: SlothSlo, spec: SlothSpec, where: string, warnings: string[]): SourceValue {
  if (slo.sli.plugin) throw new UserError(`${where}: field "sli.plugin": Sloth SLI plugins have no sloforge equivalent: write the SLI as events`);
  if (!(slo.objective > 0 && slo.objective < 100)) throw new UserError(`${where}: field "objective": a percentage between 0 and 100, got ${slo.objective}`);
  const id = kebab(slo.name);
  if (!id) throw new UserError(`${where}: field "name": ${JSON.stringify(slo.name)} has no letter or digit to make an SLO id of`);
  const sli = slo.sli.raw ? rawSli(slo.sli.raw, where) : eventsSli(slo.sli.events, where);
  const alerting = slo.alerting ?? {};
  const page: SlothAlert = alerting.page_alert ?? alerting.pageAlert ?? {};
  const ticket: SlothAlert = alerting.ticket_alert ?? alerting.ticketAlert ?? {};
  if (ticket.disable) warnings.push(`${where}: ticket alerts are disabled in Sloth; sloforge keeps its ticket tiers (route them to a quiet receiver instead)`);
  for (const [name, alert] of [
    ['page', page],
    ['ticket', ticket],
  ] as const) {
    if (alert.labels?.severity)
      warnings.push(
        `${where}: the ${name} alert's severity ${JSON.stringify(alert.labels.severity)} becomes the label sloth_severity: sloforge's severity is ${name} (Alertmanager routes on it)`,
      );
  }
  const renamed = (labels: Record<string, string> | undefined) =>
    Object.fromEntries(Object.entries(labels ?? {}).map(([k, v]) => [k === 'severity' ? 'sloth_severity' : k, v]));
  const common = { ...spec.labels, ...slo.labels, ...alerting.labels };
  const alertLabels = {
    ...(Object.keys(common).length ? { all: common } : {}),
    ...(page.labels ? { page: renamed(page.labels) } : {}),
    ...(ticket.labels ? { ticket: renamed(ticket.labels) } : {}),
  };
  // sloforge writes summary, description, runbook_url and dashboard_url from the catalog: Sloth's own are kept beside them.
  const annotations = Object.fromEntries(
    Object.entries({ ...alerting.annotations, ...page.annotations, ...ticket.annotations, ...(alerting.name ? { alert: alerting.name } : {}) }).map(
      ([k, v]) => [['summary', 'description', 'runbook_url', 'dashboard_url', 'alert'].includes(k) ? `sloth_${k}` : k, v],
    ),
  );
  const budget = Rational.parse(100).sub(Rational.parse(slo.objective));
  return {
    id,
    title: slo.description?.split('\n')[0] || slo.name,
    ...(slo.description ? { description: slo.description } : {}),
    sli,
    objective: commented(slo.objective, `${budget.toDecimal()}% of events may fail`),
    ...(page.disable ? { alerting: commented('ticket-only', 'Sloth: page_alert disabled') } : {}),
    ...(Object.keys(alertLabels).length ? { alertLabels } : {}),
    ...(Object.keys(annotations).length ? { alertAnnotations: annotations } : {}),
  };
}

const kebab = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
