/**
 * The incident corpus end to end: build it, write its labels (bench/incidents/labels-<slice>.json,
 * and the same incidents in `sloforge backtest --incidents` form), replay sloforge's, Sloth's and
 * Pyrra's rules over it in a real Prometheus, and score them.
 */
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { buildScenario, corpusSpecs, WARMUP_MINUTES, type Scenario } from './corpus.js';
import { CORPUS_START, replayCorpus, type ReplayStats } from './replay.js';
import { pyrraScenarioRules, slothScenarioRules, sloforgeRules, TOOLS, type ScenarioRules, type Tool } from './rule-sets.js';
import { scoreCorpus, type CorpusScore } from './score.js';

const iso = (minute: number) => new Date((CORPUS_START + minute * 60) * 1000).toISOString().replace('.000Z', 'Z');

/** The corpus's labels: every scenario, and each incident's window, budget share and deserved alert. */
export function corpusLabels(scenarios: Scenario[]): object {
  return {
    start: iso(0),
    scenarios: scenarios.map((s) => ({
      id: s.id,
      sli: s.sli,
      shape: s.shape,
      eventsPerSecond: s.level,
      noise: s.noise,
      minutes: s.minutes,
      events: s.total.reduce((a, b) => a + b, 0),
      badEvents: s.bad.reduce((a, b) => a + b, 0),
      ...(s.incident
        ? {
            incident: {
              kind: s.incident.kind,
              start: iso(s.incident.start),
              end: iso(s.incident.end),
              budgetSpent: Number(s.incident.budgetSpent.toFixed(6)),
              worstWindows: Object.fromEntries(Object.entries(s.incident.worst).map(([w, v]) => [w, Number(v.toFixed(6))])),
              deserves: s.incident.deserves,
            },
          }
        : {}),
    })),
  };
}

/** The incidents as `sloforge backtest --incidents FILE` reads them, for the corpus's catalog (service corpus, env production). */
export function backtestIncidents(scenarios: Scenario[]): string {
  return stringify({
    incidents: scenarios
      .filter((s) => s.incident)
      .map((s) => ({
        name: s.id,
        slo: s.id,
        service: 'corpus',
        env: 'production',
        start: iso(s.incident!.start),
        end: iso(s.incident!.end),
        deserves: s.incident!.deserves,
      })),
  });
}

export async function runIncidentCorpus(slice: 'full' | 'quick'): Promise<{ scenarios: Scenario[]; score: CorpusScore; stats: ReplayStats; tools: Tool[] }> {
  const scenarios = corpusSpecs(slice).map(buildScenario);
  writeFileSync(`bench/incidents/labels-${slice}.json`, `${JSON.stringify(corpusLabels(scenarios), null, 1)}\n`);
  writeFileSync(`bench/incidents/incidents-${slice}.yaml`, backtestIncidents(scenarios));
  const sloforge = sloforgeRules(scenarios);
  const unguarded = sloforgeRules(scenarios, { guard: false });
  const rulesOf = (tool: Tool, s: Scenario): ScenarioRules =>
    tool === 'sloforge'
      ? sloforge.get(s.id)!
      : tool === 'sloforge-unguarded'
        ? unguarded.get(s.id)!
        : tool === 'sloth'
          ? slothScenarioRules(s)
          : pyrraScenarioRules(s);
  const { episodes, stats } = await replayCorpus(scenarios, rulesOf, TOOLS, WARMUP_MINUTES);
  return { scenarios, score: scoreCorpus(scenarios, episodes, TOOLS), stats, tools: TOOLS };
}
