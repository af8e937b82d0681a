import { adapterFor, knownSources } from '../../adapters/registry.js';
import type { SourceAdapter } from '../../adapters/types.js';
import type { Config } from '../config.js';
import type { Db } from '../db/knex.js';
import type { Logger } from '../log.js';
import { pricesRefreshJob } from '../prices/job.js';
import { backtestJob, scoreAfterIngest, scoringJob } from '../signals/jobs.js';
import type { ScheduledJob } from './scheduler.js';
import { companyReferenceJob, sourcePollJob } from './sources.js';

/** The adapters named by SIGMA_SOURCES; an unknown name stops the start with a clear message. */
export function enabledAdapters(config: Config): SourceAdapter[] {
  return config.enabledSources.map((source) => {
    const adapter = adapterFor(source);
    if (!adapter) {
      throw new Error(`SIGMA_SOURCES names an unknown source '${source}'; known sources: ${knownSources().join(', ') || 'none'}`);
    }
    return adapter;
  });
}

export interface JobDeps {
  db: Db;
  config: Config;
  log: Logger;
  worker: string;
  /** Runs after each committed ingest batch (scoring of the new and changed declarations). */
  onCommitted?: (changedIds: string[]) => Promise<void>;
}

/**
 * Every recurring job a worker runs: one poll per enabled source (each committed batch is scored
 * at once), reference refreshes, prices, the stale-scoring sweep and backtests.
 */
export function buildJobs(deps: JobDeps): ScheduledJob[] {
  const jobs: ScheduledJob[] = [pricesRefreshJob(deps), scoringJob(deps), backtestJob(deps)];
  const sourceDeps = { ...deps, onCommitted: deps.onCommitted ?? scoreAfterIngest(deps) };
  for (const adapter of enabledAdapters(deps.config)) {
    jobs.push(sourcePollJob(adapter, sourceDeps));
    const reference = companyReferenceJob(adapter, sourceDeps);
    if (reference) jobs.push(reference);
  }
  return jobs;
}
