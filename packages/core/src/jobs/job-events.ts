import { EventEmitter } from 'node:events';

/**
 * In-process signals between the verbs and the workers of one process, so that a local
 * worker starts a new job at once and aborts a cancelled one at once. Workers in other
 * processes learn the same things by polling and heartbeats.
 */
interface JobEventMap {
  enqueued: [];
  cancelRequested: [jobId: string];
}

const emitter = new EventEmitter<JobEventMap>();
// Every worker in the process listens; the default limit of 10 is a leak warning only.
emitter.setMaxListeners(0);

export const jobEvents = {
  notifyEnqueued: (): void => {
    emitter.emit('enqueued');
  },
  notifyCancelRequested: (jobId: string): void => {
    emitter.emit('cancelRequested', jobId);
  },
  onEnqueued(listener: () => void): () => void {
    emitter.on('enqueued', listener);
    return () => emitter.off('enqueued', listener);
  },
  onCancelRequested(listener: (jobId: string) => void): () => void {
    emitter.on('cancelRequested', listener);
    return () => emitter.off('cancelRequested', listener);
  },
};
