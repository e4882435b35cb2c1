/** The rule group of one SLO instance or capacity target: one group per file, so a ruler can shard. */
import { ruleGroupName } from '../../model/names.js';
import type { CapacityInstance, SloInstance } from '../../model/types.js';
import { sloAlerts, toAlertingRule } from './alert-rules.js';
import { capacityAlerts, capacityRecordingRules } from './capacity-rules.js';
import type { RuleGroup } from './rule-types.js';
import { errorRatioRules, eventRateRules, metadataRules } from './sli-rules.js';

export function sloRuleGroup(instance: SloInstance): RuleGroup {
  return {
    name: ruleGroupName(instance.service.name, instance.env, instance.sloId),
    rules: [...eventRateRules(instance), ...errorRatioRules(instance), ...metadataRules(instance), ...sloAlerts(instance).map(toAlertingRule)],
  };
}

export function capacityRuleGroup(capacity: CapacityInstance): RuleGroup {
  return {
    name: ruleGroupName(capacity.service.name, capacity.env, capacity.id),
    rules: [...capacityRecordingRules(capacity), ...capacityAlerts(capacity).map(toAlertingRule)],
  };
}
