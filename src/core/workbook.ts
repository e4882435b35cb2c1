/**
 * The SRE Workbook's multi-window, multi-burn-rate tiers ("Alerting on SLOs", table 5-8), written
 * for a 30d period: the share of the period's error budget each tier lets burn within its long
 * window (2% in 1h is 14.4×), as exact decimals. The one home of the table: the burn-rate model
 * scales it to each period, and the importers check other tools' alert conditions against it.
 */
export const WORKBOOK_TIER_TABLE = [
  { longWindow: '1h', shortWindow: '5m', budgetShare: '0.02', severity: 'page' },
  { longWindow: '6h', shortWindow: '30m', budgetShare: '0.05', severity: 'page' },
  { longWindow: '1d', shortWindow: '2h', budgetShare: '0.1', severity: 'ticket' },
  { longWindow: '3d', shortWindow: '6h', budgetShare: '0.1', severity: 'ticket' },
] as const;
