/** promtool unit-test files, one or two per SLO instance: alerts/<service>/<env>/<id>[.suffix].test.yml, loading its rule files. */
import path from 'node:path';
import type { RuleFileLayoutSpec } from '../../catalog/schema.js';
import { parseDuration } from '../../core/duration.js';
import { MINUTE } from '../../core/time.js';
import type { CapacityInstance, ResolvedCatalog, SloPlan } from '../../model/types.js';
import { GENERATED_HEADER, type GeneratedFile } from '../../core/generated-file.js';
import { ruleFilePath } from '../prometheus/rule-files.js';
import { sloRuleGroupNames } from '../prometheus/rule-groups.js';
import { toYaml } from '../../core/yaml.js';
import { batchDurationSuites, freshnessSuites } from './scenarios/batch.js';
import { burnRateSuites } from './scenarios/burn-rate.js';
import { compositeSuites } from './scenarios/composite.js';
import { capacitySuites } from './scenarios/capacity.js';
import { dataMissingTests } from './scenarios/data-missing.js';
import type { AlertCheck, ExprCheck, PromtoolTest, PromtoolTestSuite } from './scenarios/common.js';
import { formatLabels } from '../../core/promql.js';
import { TIER_LABELS } from '../../model/conventions.js';
import { zeroToleranceSuites } from './scenarios/zero-tolerance.js';

function sloTestSuites(instance: SloPlan): PromtoolTestSuite[] {
  const [main, ...rest] = kindSuites(instance);
  if (!main) return rest;
  return [{ ...main, tests: [...main.tests, ...dataMissingTests(instance, parseDuration(main.evaluationInterval) / MINUTE)] }, ...rest];
}

function kindSuites(instance: SloPlan): PromtoolTestSuite[] {
  switch (instance.alertPolicy.kind) {
    case 'burn-rate':
      // A raw query's series cannot be synthesized: its rules are checked by promtool, not tested with scenarios.
      if (instance.sli.kind === 'raw') return [];
      return instance.sli.kind === 'composite' ? compositeSuites(instance) : burnRateSuites(instance);
    case 'zero-tolerance':
      return zeroToleranceSuites(instance);
    case 'batch-duration':
      return batchDurationSuites(instance);
    case 'freshness':
      return freshnessSuites(instance);
  }
}

/** The rule files a test loads, relative to it: the target's, and a journey's components' (which record the ratios it reads). */
function ruleFilesOf(target: SloPlan | CapacityInstance, testPath: string, layout: RuleFileLayoutSpec): string[] {
  const components = 'sli' in target && target.sli.kind === 'composite' ? target.sli.components.map((c) => c.plan) : [];
  const files = [...new Set([target, ...components].map((t) => ruleFilePath(t, layout)))];
  return files.map((file) => path.posix.relative(path.posix.dirname(testPath), file));
}

/**
 * The groups in the order a running Prometheus gives them: what is recorded first is read after it.
 * promtool evaluates a test's groups in no fixed order at each step, and the reporting group reads
 * the alerting group's rates: read first, at a 10m step, it would find them 10 minutes old (gone).
 */
function groupEvalOrder(target: SloPlan | CapacityInstance): string[] {
  if (!('sli' in target)) return [];
  const names = (plan: SloPlan) => sloRuleGroupNames(plan);
  const components = target.sli.kind === 'composite' ? target.sli.components.flatMap((c) => names(c.plan)) : [];
  return [...components, ...names(target)];
}

/**
 * A test as promtool reads it. With Sloth's identity every burn-rate tier shares one alert name, and
 * promtool checks a name's alerts all at once: each tier's check becomes a query of ALERTS by the
 * tier's windows (labels only: the annotations are the rule emitter's, checked by its own tests).
 */
function ruleTestOf(test: PromtoolTest, identity: 'sloforge' | 'sloth'): PromtoolTest {
  const strip = ({ tier: _tier, ...check }: AlertCheck): AlertCheck => check;
  if (identity === 'sloforge') return { ...test, alert_rule_test: test.alert_rule_test.map(strip) };
  const byTier = test.alert_rule_test.filter((check) => check.tier);
  const asQuery = (check: AlertCheck): ExprCheck => {
    const selector = {
      alertname: check.alertname,
      alertstate: 'firing',
      [TIER_LABELS.longWindow]: check.tier!.longWindow,
      [TIER_LABELS.shortWindow]: check.tier!.shortWindow,
    };
    return {
      expr: `ALERTS{${formatLabels(selector)}}`,
      eval_time: check.eval_time,
      exp_samples: check.exp_alerts.map((alert) => ({ labels: `ALERTS{${formatLabels({ ...alert.exp_labels, ...selector })}}`, value: 1 })),
    };
  };
  return {
    ...test,
    alert_rule_test: test.alert_rule_test.filter((check) => !check.tier).map(strip),
    promql_expr_test: [...test.promql_expr_test, ...byTier.map(asQuery)],
  };
}

function suiteFiles(target: SloPlan | CapacityInstance, suites: PromtoolTestSuite[], layout: RuleFileLayoutSpec): GeneratedFile[] {
  const order = groupEvalOrder(target);
  return suites
    .filter((suite) => suite.tests.length > 0)
    .map((suite) => {
      const testPath = `alerts/${target.service.name}/${target.env}/${target.labels.slo}${suite.suffix}.test.yml`;
      const document = {
        rule_files: ruleFilesOf(target, testPath, layout),
        evaluation_interval: suite.evaluationInterval,
        ...(order.length > 1 ? { group_eval_order: order } : {}),
        tests: suite.tests.map((test) => ruleTestOf(test, 'alertIdentity' in target ? target.alertIdentity.style : 'sloforge')),
      };
      return { path: testPath, content: `# ${GENERATED_HEADER}\n# Run: promtool test rules ${testPath}\n${toYaml(document)}` };
    });
}

/**
 * Smoke depth: one quick test per SLO instance, proving its rules load and alert: the detection
 * suite where there is one (a full outage pages within the Workbook's time), else the first test.
 */
function smoke(suites: PromtoolTestSuite[]): PromtoolTestSuite[] {
  const detection = suites.find((s) => s.suffix === '.detection' && s.tests.length > 0);
  if (detection) return [{ ...detection, tests: detection.tests.slice(0, 1) }];
  const first = suites.find((s) => s.tests.length > 0);
  return first ? [{ ...first, tests: first.tests.slice(0, 1) }] : [];
}

export function promtoolTestFiles(model: ResolvedCatalog): GeneratedFile[] {
  if (model.tests === 'none') return [];
  const depth = (suites: PromtoolTestSuite[]) => (model.tests === 'smoke' ? smoke(suites) : suites);
  return [
    ...model.instances.flatMap((i) => suiteFiles(i, depth(sloTestSuites(i)), model.ruleFiles)),
    ...model.capacities.flatMap((c) => suiteFiles(c, depth(capacitySuites(c)), model.ruleFiles)),
  ];
}
