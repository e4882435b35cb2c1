/** promtool unit-test files, one next to each rule file: alerts/<service>/<env>/<slo>.test.yml */
import path from 'node:path';
import type { ResolvedCatalog, SloInstance } from '../../model/types.js';
import { GENERATED_HEADER, type GeneratedFile } from '../../output/generated-file.js';
import { ruleFilePath, toYaml } from '../prometheus/rule-files.js';
import { sloTestSuites } from './scenarios.js';

export function testFiles(instance: SloInstance): GeneratedFile[] {
  const rules = ruleFilePath(instance);
  return sloTestSuites(instance).map((suite) => {
    const testPath = rules.replace(/\.rules\.yml$/, `${suite.suffix}.test.yml`);
    const document = { rule_files: [path.posix.basename(rules)], evaluation_interval: suite.evaluationInterval, tests: suite.tests };
    return { path: testPath, content: `# ${GENERATED_HEADER}\n# Run: promtool test rules ${testPath}\n${toYaml(document)}` };
  });
}

export function promtoolTestFiles(model: ResolvedCatalog): GeneratedFile[] {
  return model.instances.flatMap(testFiles);
}
