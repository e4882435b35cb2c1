/**
 * The label names sloforge writes itself, in one home: the identity of every recorded series and
 * alert, the tier labels of threshold series, the info series' labels, and the calendar residue.
 * The catalog refuses them where a user's label would collide (groupBy, alert labels); the model's
 * conventions re-export them.
 */

/** The labels every recorded series and alert of an SLO instance carries. */
export const IDENTITY_LABEL_NAMES = ['service', 'slo', 'env'] as const;

/** Labels of the threshold series that name its tier. */
export const TIER_LABELS = { severity: 'severity', longWindow: 'long_window', shortWindow: 'short_window' } as const;

/** The label of a calendar SLO's event series: which residue (modulo 3) of the period number they belong to. */
export const PERIOD_RESIDUE_LABEL = 'period_residue';

/** Labels of the info series beyond the identity labels. */
export const INFO_LABELS = { owner: 'owner', dashboardUid: 'dashboard_uid', kind: 'kind', panel: 'panel' } as const;

/** Labels sloforge sets on every alert: routing and dashboards read them. */
export const ALERT_LABEL_NAMES = [...IDENTITY_LABEL_NAMES, TIER_LABELS.severity, 'alertname'] as const;

/**
 * The tier label (page or ticket) of alerts with Sloth's identity (`alertIdentity: sloth(…)`), as
 * Sloth's own rules write it: `severity` then holds the team's own value, which their routes read.
 */
export const SLOTH_SEVERITY_LABEL = 'sloth_severity';

/** Labels an SLO with Sloth's identity may not set on its alerts: sloforge writes them there. */
export const SLOTH_ALERT_LABEL_NAMES = [...IDENTITY_LABEL_NAMES, SLOTH_SEVERITY_LABEL, TIER_LABELS.longWindow, TIER_LABELS.shortWindow, 'alertname'] as const;

/**
 * An alert's tier (page or ticket) from its labels, whichever identity wrote it: `sloth_severity`
 * when present (sloforge's own alerts never carry it), else `severity`.
 */
export function alertTier(labels: Readonly<Record<string, string | undefined>>): string | undefined {
  return labels[SLOTH_SEVERITY_LABEL] ?? labels[TIER_LABELS.severity];
}

/** Annotations sloforge writes on every alert from the catalog. */
export const ALERT_ANNOTATION_NAMES = ['summary', 'description', 'runbook_url', 'dashboard_url'] as const;

/**
 * Labels a group (groupBy) may not be: every label sloforge writes on series, alerts and info series,
 * the histogram bucket's `le`, and the `datasource` dashboards filter on.
 */
export const RESERVED_GROUP_LABELS: readonly string[] = [
  ...IDENTITY_LABEL_NAMES,
  ...Object.values(TIER_LABELS),
  PERIOD_RESIDUE_LABEL,
  ...Object.values(INFO_LABELS),
  SLOTH_SEVERITY_LABEL,
  'le',
  'alertname',
  'datasource',
];
