/**
 * Sloth specs (prometheus/v1, and Kubernetes PrometheusServiceLevel resources) to sloforge catalog
 * source a team can commit and edit. Events SLIs whose queries are a sum of one counter's rate
 * over {{.window}} map to ratio SLIs, raw SLIs to raw SLIs; objectives, labels, page and ticket
 * alert labels and annotations, and disabled page alerts carry over. What cannot be mapped is an
 * error naming the SLO (plugin SLIs, other query shapes) or a warning (a disabled ticket alert).
 */
import { parseAllDocuments } from 'yaml';
import { Rational } from '../core/decimal.js';
import { UserError } from '../core/errors.js';
import { parseMatchers } from './label-matchers.js';

interface SlothAlert {
  disable?: boolean;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

interface SlothSlo {
  name: string;
  objective: number;
  description?: string;
  labels?: Record<string, string>;
  sli: {
    events?: { error_query?: string; total_query?: string; errorQuery?: string; totalQuery?: string };
    raw?: { error_ratio_query?: string; errorRatioQuery?: string };
    plugin?: unknown;
  };
  alerting?: {
    name?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    page_alert?: SlothAlert;
    ticket_alert?: SlothAlert;
    pageAlert?: SlothAlert;
    ticketAlert?: SlothAlert;
  };
}

interface SlothSpec {
  service: string;
  labels?: Record<string, string>;
  slos: SlothSlo[];
}

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
const QUERY = /^sum\s*\(\s*(?:rate|increase)\s*\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{[^}]*\})?\s*\[\s*\{\{\s*\.window\s*\}\}\s*\]\s*\)\s*\)$/;

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
const literal = (value: unknown) => JSON.stringify(value);

function selectorSource(query: CounterQuery): string {
  return `{ metric: ${literal(query.metric)}, matchers: ${literal(query.matchers)} }`;
}

/** Which Sloth documents a file holds: prometheus/v1 specs and sloth.slok.dev/v1 PrometheusServiceLevel resources. */
function specsOf(text: string, file: string): SlothSpec[] {
  return parseAllDocuments(text).flatMap((document, index) => {
    if (document.errors.length > 0) throw new UserError(`${file}: document ${index + 1}: not YAML: ${document.errors[0].message}`);
    const value = document.toJS() as Record<string, unknown> | null;
    if (!value) return [];
    if (value.version === 'prometheus/v1') return [value as unknown as SlothSpec];
    if (value.kind === 'PrometheusServiceLevel' && typeof value.apiVersion === 'string' && value.apiVersion.startsWith('sloth.slok.dev/')) {
      return [(value.spec ?? {}) as SlothSpec];
    }
    throw new UserError(`${file}: document ${index + 1}: not a Sloth spec (version: prometheus/v1, or kind: PrometheusServiceLevel)`);
  });
}

/** The catalog source for the SLOs of every given Sloth file. */
export function importSloth(files: Array<{ path: string; text: string }>): SlothImport {
  const warnings: string[] = [];
  const services = new Map<string, { labels: Record<string, string>; slos: string[] }>();
  for (const file of files) {
    for (const spec of specsOf(file.text, file.path)) {
      if (!spec.service || !Array.isArray(spec.slos)) throw new UserError(`${file.path}: a Sloth spec needs "service" and "slos"`);
      const entry = services.get(spec.service) ?? { labels: spec.labels ?? {}, slos: [] };
      services.set(spec.service, entry);
      for (const slo of spec.slos) entry.slos.push(sloSource(slo, spec, file.path, warnings));
    }
  }
  const serviceSources = [...services].map(([name, { labels, slos }]) => {
    const owner = labels.owner ?? labels.team ?? 'TODO-owner';
    if (owner === 'TODO-owner') warnings.push(`service "${name}": no owner or team label: owner is "TODO-owner", edit it`);
    return `service({
  name: ${literal(kebab(name))},
  owner: ${literal(owner)},
  // Imported from Sloth: Sloth has no runbook or dashboard URL; edit these.
  runbookBaseUrl: ${literal(`https://runbooks.example.com/${kebab(name)}`)},
  dashboardBaseUrl: 'https://grafana.example.com',
  // Sloth's queries select their own series (environment included): no matchers are added.
  environments: [environment('production', { period: '30d', alerting: 'page-and-ticket', matchers: [] })],
  slos: [
${slos.map((s) => indent(s, 4)).join(',\n')},
  ],
})`;
  });
  const source = `// Imported by \`sloforge import sloth\` from ${files.map((f) => f.path).join(', ')}. Edit freely: this is the catalog now.
import { catalog, environment, service } from 'sloforge';

export default catalog(
${serviceSources.map((s) => indent(s, 2)).join(',\n')},
);
`;
  return { source, warnings };
}

/** Events of one counter each: a ratio SLI (with the Sloth query kept as a comment). */
function eventsSli(events: SlothSlo['sli']['events'], where: string): string[] {
  const errorQuery = events?.error_query ?? events?.errorQuery;
  const totalQuery = events?.total_query ?? events?.totalQuery;
  if (!errorQuery || !totalQuery) throw new UserError(`${where}: field "sli.events": error_query and total_query are required`);
  const total = parseQuery(totalQuery, where, 'sli.events.total_query');
  const bad = parseQuery(errorQuery, where, 'sli.events.error_query');
  // The same counter: only the matchers that narrow it to errors differ.
  const badSelector = bad.metric === total.metric ? { metric: bad.metric, matchers: bad.matchers.filter((m) => !total.matchers.some((t) => same(m, t))) } : bad;
  if (bad.metric === total.metric && badSelector.matchers.length === 0)
    throw new UserError(`${where}: field "sli.events.error_query": it selects the same series as total_query`);
  return [`// Sloth: error_query ${errorQuery.trim()}`, `sli: { kind: 'ratio', total: ${selectorSource(total)}, bad: ${selectorSource(badSelector)} }`];
}

/** One error-ratio query: a raw SLI, evaluated over each window as Sloth does. */
function rawSli(raw: NonNullable<SlothSlo['sli']['raw']>, where: string): string[] {
  const query = raw.error_ratio_query ?? raw.errorRatioQuery;
  if (!query || !query.includes('{{.window}}')) throw new UserError(`${where}: field "sli.raw.error_ratio_query": a query with {{.window}} is required`);
  return [`sli: { kind: 'raw', errorRatioQuery: ${literal(query.trim())} }`];
}

function sloSource(slo: SlothSlo, spec: SlothSpec, file: string, warnings: string[]): string {
  const where = `${file}: service "${spec.service}", SLO "${slo.name}"`;
  if (slo.sli?.plugin) throw new UserError(`${where}: field "sli.plugin": Sloth SLI plugins have no sloforge equivalent: write the SLI as events`);
  if (!(typeof slo.objective === 'number' && slo.objective > 0 && slo.objective < 100))
    throw new UserError(`${where}: field "objective": a percentage between 0 and 100`);
  const sli = slo.sli?.raw ? rawSli(slo.sli.raw, where) : eventsSli(slo.sli?.events, where);
  const alerting = slo.alerting ?? {};
  const page = alerting.page_alert ?? alerting.pageAlert ?? {};
  const ticket = alerting.ticket_alert ?? alerting.ticketAlert ?? {};
  if (ticket.disable) warnings.push(`${where}: ticket alerts are disabled in Sloth; sloforge keeps its ticket tiers (route them to a quiet receiver instead)`);
  for (const [name, alert] of [
    ['page', page],
    ['ticket', ticket],
  ] as const) {
    if (alert.labels?.severity)
      warnings.push(
        `${where}: the ${name} alert's severity "${alert.labels.severity}" becomes the label sloth_severity: sloforge's severity is ${name} (Alertmanager routes on it)`,
      );
  }
  const renamed = (labels: Record<string, string> | undefined) =>
    Object.fromEntries(Object.entries(labels ?? {}).map(([k, v]) => [k === 'severity' ? 'sloth_severity' : k, v]));
  const alertLabels = {
    ...(Object.keys({ ...spec.labels, ...slo.labels, ...alerting.labels }).length ? { all: { ...spec.labels, ...slo.labels, ...alerting.labels } } : {}),
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
  const fields = [
    `id: ${literal(kebab(slo.name))}`,
    `title: ${literal(slo.description?.split('\n')[0] || slo.name)}`,
    ...(slo.description ? [`description: ${literal(slo.description)}`] : []),
    ...sli,
    `objective: ${slo.objective}, // ${budget.toDecimal()}% of events may fail`,
    ...(page.disable ? ["alerting: 'ticket-only', // Sloth: page_alert disabled"] : []),
    ...(Object.keys(alertLabels).length ? [`alertLabels: ${literal(alertLabels)}`] : []),
    ...(Object.keys(annotations).length ? [`alertAnnotations: ${literal(annotations)}`] : []),
  ];
  return `{\n${fields.map((f) => `  ${f}${f.startsWith('//') || f.endsWith(',') || f.includes(', //') ? '' : ','}`).join('\n')}\n}`;
}

const kebab = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

const indent = (text: string, spaces: number) =>
  text
    .split('\n')
    .map((line) => (line ? `${' '.repeat(spaces)}${line}` : line))
    .join('\n');
