import type { JobKind } from './define-job-kind.ts';

/** What `listJobKinds` returns for one kind. */
export interface JobKindSummary {
  kind: string;
  description: string;
  timeoutMs: number;
  maxAttempts: number;
  backoffMs: number;
  startable: boolean;
}

/**
 * The registry of job kinds a process knows. The server uses it to validate what it
 * enqueues; a worker claims only the kinds in its catalogue, so different worker pools
 * may serve different kinds from one queue.
 */
export class JobCatalogue {
  readonly #kinds = new Map<string, JobKind>();

  constructor(kinds: readonly JobKind[] = []) {
    for (const kind of kinds) this.register(kind);
  }

  register(kind: JobKind): this {
    if (this.#kinds.has(kind.kind)) throw new Error(`job kind '${kind.kind}' is registered twice`);
    this.#kinds.set(kind.kind, kind);
    return this;
  }

  get(kind: string): JobKind | undefined {
    return this.#kinds.get(kind);
  }

  has(kind: string): boolean {
    return this.#kinds.has(kind);
  }

  /** The kind names, sorted. */
  names(): string[] {
    return [...this.#kinds.keys()].sort();
  }

  /** The catalogue as the `listJobKinds` endpoint shows it, sorted by kind. */
  summaries(): JobKindSummary[] {
    return this.names().map((name) => {
      const k = this.#kinds.get(name)!;
      return {
        kind: k.kind,
        description: k.description,
        timeoutMs: k.timeoutMs,
        maxAttempts: k.maxAttempts,
        backoffMs: k.backoffMs,
        startable: k.startable,
      };
    });
  }
}
