/** Plain data for Prometheus rules, as they appear in a rule file. */
export interface RecordingRule {
  record: string;
  expr: string;
  labels: Record<string, string>;
}

export interface AlertingRule {
  alert: string;
  expr: string;
  for?: string;
  keep_firing_for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  /** Evaluation interval; the global one (usually 1m) when unset. */
  interval?: string;
  /** The most series a recording rule, or alerts an alerting rule, may produce: a grouped SLO's groups. */
  limit?: number;
  rules: Array<RecordingRule | AlertingRule>;
}
