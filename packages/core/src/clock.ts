import { randomUUID } from 'node:crypto';

/** The current time as the ISO 8601 string every table stores. */
export const nowIso = (): string => new Date().toISOString();

export const isoAfter = (ms: number, from: Date = new Date()): string =>
  new Date(from.getTime() + ms).toISOString();

/** A new opaque id. */
export const newId = (): string => randomUUID();
