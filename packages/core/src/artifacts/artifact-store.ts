import type { Readable } from 'node:stream';

/** A stored blob, named by the sha256 of its content. */
export interface ArtifactRef {
  /** Lower-case hex sha256 of the content. */
  digest: string;
  size: number;
}

export interface PutOptions {
  /** Refuse (and keep nothing) when the content's digest differs. */
  expectedDigest?: string;
  /** Refuse (and keep nothing) once more than this many bytes arrive. */
  maxBytes?: number;
}

/**
 * Content-addressed blob storage. Writes are atomic: a reader sees a whole object or none.
 * The local-folder store is the embedded default; an S3-compatible store implements the
 * same interface.
 */
export interface ArtifactStore {
  /** Where the store lives, for display (`file:///...`, `s3://...`). */
  readonly uri: string;
  /** Streams content in; memory use does not grow with the content's size. */
  put(source: Readable | AsyncIterable<Uint8Array> | Uint8Array, options?: PutOptions): Promise<ArtifactRef>;
  /**
   * Takes in a finished file on the local disk, which the caller hands over: afterwards the
   * file is gone from `path`, whether it was stored or refused. A store on the same disk
   * moves it into place (one read to hash it, no copy).
   */
  putFile(path: string, options?: PutOptions): Promise<ArtifactRef>;
  /** Streams content out, optionally a byte range (inclusive `start`, exclusive `end`). */
  get(digest: string, range?: { start?: number; end?: number }): Promise<Readable>;
  stat(digest: string): Promise<ArtifactRef | null>;
  delete(digest: string): Promise<boolean>;
  /** Throws when the store cannot be written (used by readiness checks). */
  check(): Promise<void>;
}
