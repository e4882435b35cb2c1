/** Capacity targets: load, target and utilization series, and headroom / low-volume tickets. No error budget. */
import type { CapacityInstance } from '../../model/types.js';
import { formatPercent } from '../../core/format.js';
import { formatSelector } from '../../core/promql.js';
import { ALERT_NAMES, infoLabels, SERIES, seriesRef } from '../../model/conventions.js';
import { contractAnnotations, type AlertSpec } from './alert-rules.js';
import type { RecordingRule } from './rule-types.js';

function capacityLoadExpr(capacity: CapacityInstance): string {
  const selector = formatSelector(capacity.load.selector);
  switch (capacity.load.kind) {
    case 'gauge':
      return `sum(${selector})`;
    case 'rate':
      return `sum(rate(${selector}[5m]))`;
    case 'daily':
      return `sum(increase(${selector}[1d]))`;
  }
}

export function capacityRecordingRules(capacity: CapacityInstance): RecordingRule[] {
  const load = seriesRef(SERIES.capacityLoad, capacity.labels);
  return [
    { record: SERIES.info, expr: 'vector(1)', labels: infoLabels(capacity.labels, capacity.service.owner, 'capacity', capacity.panelId) },
    // No series at all reads as no load: a floor then sees the silent outage.
    { record: SERIES.capacityLoad, expr: `${capacityLoadExpr(capacity)} or vector(0)`, labels: capacity.labels },
    { record: SERIES.capacityTarget, expr: `vector(${capacity.target})`, labels: capacity.labels },
    { record: SERIES.capacityUtilization, expr: `${load} / ${capacity.target}`, labels: capacity.labels },
  ];
}

export function capacityAlerts(capacity: CapacityInstance): AlertSpec[] {
  const utilization = seriesRef(SERIES.capacityUtilization, capacity.labels);
  const heading = `${capacity.service.title} ${capacity.id} (${capacity.env})`;
  const labels = { severity: 'ticket', ...capacity.labels };
  if (capacity.kind === 'ceiling') {
    const share = formatPercent(capacity.headroom);
    return [
      {
        alert: ALERT_NAMES.capacityHeadroom,
        expr: `${utilization} > ${capacity.headroom}`,
        for: capacity.for,
        labels,
        annotations: contractAnnotations(
          capacity,
          `${heading}: load above ${share} of the ${capacity.target} ${capacity.unit} capacity target for ${capacity.for}`,
          `${capacity.title}: the service is sized for ${capacity.target} ${capacity.unit}; sustained load above ${share} of it leaves little headroom. Plan capacity before it is reached. Owner: ${capacity.service.owner}.`,
        ),
      },
    ];
  }
  const share = formatPercent(capacity.floorShare);
  return [
    {
      alert: ALERT_NAMES.capacityVolumeLow,
      expr: `${utilization} < ${capacity.floorShare}`,
      for: capacity.for,
      labels,
      annotations: contractAnnotations(
        capacity,
        `${heading}: volume below ${share} of the expected ${capacity.target} ${capacity.unit} for ${capacity.for}`,
        `${capacity.title}: expected at least ${capacity.target} ${capacity.unit}; volume far below it usually means users cannot reach the service (a silent outage) or a client broke. Owner: ${capacity.service.owner}.`,
      ),
    },
  ];
}
