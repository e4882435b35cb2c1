/**
 * batchJob without a duration histogram (issue "A team adopts sloforge", defect 9): a job that
 * pushes only its last success time gets the freshness SLO alone, and a half-given duration is an
 * error naming the job.
 */
import { describe, expect, it } from 'vitest';
import { CatalogError } from '../src/catalog/catalog-error.js';
import { batchJob, gauge, histogram } from '../src/index.js';

describe('batchJob', () => {
  it('without duration and targets: the freshness SLO alone', () => {
    const slos = batchJob({
      idPrefix: 'backup',
      title: 'Backup',
      runsPerDay: 24,
      lastSuccess: gauge('backup_last_success_timestamp_seconds'),
      maxAge: '2h',
      freshnessObjective: 99,
    });
    expect(slos.map((s) => s.id)).toEqual(['backup-freshness']);
    expect(slos[0].sli).toMatchObject({ kind: 'freshness', maxAge: '2h', runsPerDay: 24 });
  });

  it('with both: duration SLOs per target, then freshness', () => {
    const slos = batchJob({
      idPrefix: 'backup',
      title: 'Backup',
      runsPerDay: 1,
      duration: histogram('backup_duration_seconds', { buckets: [60, 600] }),
      targets: { p95: 600 },
      lastSuccess: gauge('backup_last_success_timestamp_seconds'),
      maxAge: '26h',
      freshnessObjective: 99,
    });
    expect(slos.map((s) => s.id)).toEqual(['backup-duration-p95', 'backup-freshness']);
  });

  it('with a duration but no targets: an error naming the job', () => {
    expect(() =>
      batchJob({
        idPrefix: 'backup',
        title: 'Backup',
        runsPerDay: 1,
        duration: histogram('backup_duration_seconds', { buckets: [60, 600] }),
        lastSuccess: gauge('backup_last_success_timestamp_seconds'),
        maxAge: '26h',
        freshnessObjective: 99,
      }),
    ).toThrow(CatalogError);
  });
});
