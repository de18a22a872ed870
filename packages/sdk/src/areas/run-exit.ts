/**
 * Runs still open when a Node.js process runs out of work. One `beforeExit` listener serves
 * every open run: it flushes what each buffered and ends it, FINISHED when the process is
 * ending normally and FAILED when `process.exitCode` says it failed, so a script that forgets
 * `run.end()` loses nothing. `beforeExit` is not emitted on `process.exit()`, a signal or an
 * uncaught exception; call `end()` there. Outside Node.js (the web UI) nothing is registered.
 */
export interface OpenRun {
  /** Flushes and ends the run; must not throw. */
  endAtExit(status: 'FINISHED' | 'FAILED'): Promise<void>;
}

const open = new Set<OpenRun>();
let listening = false;

interface ExitingProcess {
  exitCode?: number | string | undefined;
  once(event: 'beforeExit', listener: () => void): unknown;
}

const nodeProcess = (): ExitingProcess | undefined => {
  const candidate = (globalThis as { process?: Partial<ExitingProcess> }).process;
  return typeof candidate?.once === 'function' ? (candidate as ExitingProcess) : undefined;
};

function onBeforeExit(proc: ExitingProcess): void {
  listening = false;
  const runs = [...open];
  open.clear();
  if (runs.length === 0) return;
  const code = proc.exitCode;
  const status = code === undefined || code === 0 || code === '0' ? 'FINISHED' : 'FAILED';
  // The requests keep the event loop alive; once they are done the process exits.
  void Promise.all(runs.map((run) => run.endAtExit(status)));
}

/** Registers a run to be flushed and ended at exit; returns the call that unregisters it. */
export function endAtExit(run: OpenRun): () => void {
  const proc = nodeProcess();
  if (!proc) return () => {};
  open.add(run);
  if (!listening) {
    listening = true;
    proc.once('beforeExit', () => onBeforeExit(proc));
  }
  return () => {
    open.delete(run);
  };
}
