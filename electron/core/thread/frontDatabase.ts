// What the front says of the call database: the worker's own verdict (lost, damaged) while it runs, or, while
// restarted workers cannot open the file, why not (openFailure.ts); and the health this thread answers itself
// while no worker is there to answer it.

import type { HealthResponse, SecretProblem } from '../../../shared/api';
import type { DatabaseProblem } from '../store/databaseHealth';
import { cannotOpenProblem, type OpenFailureCause } from './openFailure';
import { RESTARTING_MESSAGE } from './storeUnavailable';

export class FrontDatabase {
  private readonly listeners = new Set<(problem: DatabaseProblem | null) => void>();
  /** The problem as last told, as JSON; undefined until started (the worker's verdict is not known before). */
  private told: string | undefined;

  constructor(
    private readonly file: string,
    private readonly cannotOpen: () => OpenFailureCause | null,
    private readonly workerVerdict: () => DatabaseProblem | null,
  ) {}

  check(): DatabaseProblem | null {
    const cause = this.cannotOpen();
    return cause ? cannotOpenProblem(this.file, cause) : this.workerVerdict();
  }

  onChange(listener: (problem: DatabaseProblem | null) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Once the first worker is ready: from then on a change of either source is told. */
  start(): void {
    this.told = JSON.stringify(this.check());
  }

  /** Tells the listeners if the problem moved (a restart failed, or ran; the worker's verdict changed). */
  changed(): void {
    if (this.told === undefined) return;
    const problem = this.check();
    if (JSON.stringify(problem) === this.told) return;
    this.told = JSON.stringify(problem);
    for (const listener of this.listeners) {
      try {
        listener(problem);
      } catch (error) {
        console.error('A listener of the call database failed:', error);
      }
    }
  }

  /** Health while no worker answers: why it cannot open the file, or that it is restarting, in words. */
  healthWhileDown(version: string, secrets: SecretProblem[]): HealthResponse {
    const problem = this.check();
    if (problem?.kind === 'cannot-open') return { ok: false, version, problem: problem.kind, error: problem.reason, file: problem.file, secrets };
    return { ok: false, version, problem: 'restarting', error: RESTARTING_MESSAGE, file: this.file, secrets };
  }
}
