/** The Kimberly catalog compiled in-process, and the names fixed by shared/kimberly-contract.md. */
import kimberlyCatalog from '../../slos/index.js';
import { validateCatalog } from '../../src/catalog/validate.js';
import { compileCatalog } from '../../src/compile.js';
import { tempDir, writeFiles } from './tools.js';

export const compiled = compileCatalog(validateCatalog(kimberlyCatalog, 'slos/index.ts'));

const histograms = [
  'kimberly_http_request_duration_seconds',
  'kimberly_chat_response_duration_seconds',
  'kimberly_model_load_duration_seconds',
  'kimberly_memory_retrieval_duration_seconds',
  'kimberly_agent_delegation_duration_seconds',
  'kimberly_auth_jwt_validation_duration_seconds',
  'kimberly_meditation_job_duration_seconds',
];

/** Every metric Kimberly exposes (section 1 of the contract), histogram series included. */
export const CONTRACT_METRICS = new Set([
  ...histograms.flatMap((h) => [`${h}_bucket`, `${h}_count`, `${h}_sum`]),
  'kimberly_http_requests_total',
  'kimberly_model_inferences_total',
  'kimberly_memory_integrity_checks_total',
  'kimberly_memory_corruption_detected_total',
  'kimberly_memory_writes_total',
  'kimberly_chat_messages_total',
  'kimberly_active_sessions',
  'kimberly_meditation_job_runs_total',
  'kimberly_meditation_job_last_success_timestamp_seconds',
  'probe_success',
]);

/** SLO ids of the contract (section 2) that have an error budget. */
export const CONTRACT_SLO_IDS = [
  'uptime',
  'api-errors-5xx',
  'api-errors-4xx',
  'inference-failures',
  'memory-corruption',
  'chat-latency-p50',
  'chat-latency-p95',
  'chat-latency-p99',
  'model-load-p95',
  'model-load-p99',
  'memory-retrieval-p50',
  'memory-retrieval-p95',
  'memory-retrieval-p99',
  'agent-delegation-p50',
  'agent-delegation-p95',
  'agent-delegation-p99',
  'meditation-duration-p95',
  'meditation-duration-p99',
  'meditation-freshness',
  'health-latency-p50',
  'health-latency-p95',
  'health-latency-p99',
  'auth-latency-p50',
  'auth-latency-p95',
  'auth-latency-p99',
];

/** The latency and error-rate ids that the core compiler issue covers. */
export const CORE_SLO_IDS = CONTRACT_SLO_IDS.filter((id) => /-p\d+$/.test(id) && !id.startsWith('meditation')).concat(['api-errors-5xx', 'inference-failures']);

let written: string | undefined;

/**
 * The Kimberly output as the code writes it now, in a temporary folder (written once per test
 * file): end-to-end tests read these, not the committed files, which `generate --check` guards.
 */
export function kimberlyOutput(): string {
  written ??= (() => {
    const dir = tempDir('sloforge-kimberly-');
    writeFiles(dir, compiled.files);
    return dir;
  })();
  return written;
}
