/** The rule group of one SLO instance or capacity target: one group per file, so a ruler can shard. */
import { ruleGroupName } from '../../model/conventions.js';
import type { CapacityInstance, SloPlan } from '../../model/types.js';
import { sloAlerts, toAlertingRule } from './alert-rules.js';
import { capacityAlerts, capacityRecordingRules } from './capacity-rules.js';
import type { RuleGroup } from './rule-types.js';
import { burnRateThresholdRules, calendarRules, errorRatioRules, eventRateRules, metadataRules } from './sli-rules.js';

export function sloRuleGroup(instance: SloPlan): RuleGroup {
  return {
    name: ruleGroupName(instance.labels),
    rules: [
      ...eventRateRules(instance),
      ...errorRatioRules(instance),
      ...calendarRules(instance),
      ...metadataRules(instance),
      ...burnRateThresholdRules(instance),
      ...sloAlerts(instance).map(toAlertingRule),
    ],
  };
}

export function capacityRuleGroup(capacity: CapacityInstance): RuleGroup {
  return {
    name: ruleGroupName(capacity.labels),
    rules: [...capacityRecordingRules(capacity), ...capacityAlerts(capacity).map(toAlertingRule)],
  };
}
