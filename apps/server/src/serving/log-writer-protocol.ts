/** From the serving thread to the log writer thread. */
export type LogWriterRequest =
  | { type: 'open'; file: string }
  /** `bytes`: records encoded by LogBuffer. */
  | { type: 'write'; seq: number; bytes: Uint8Array }
  | { type: 'close' };

/** From the log writer thread back. */
export type LogWriterReply =
  | { type: 'written'; seq: number }
  | { type: 'failed'; seq: number; message: string }
  | { type: 'closed' };
