export * from './artifacts/artifact-store.ts';
export * from './clock.ts';
export * from './context.ts';
export * from './db/database.ts';
export * from './db/migrate.ts';
export type { DB } from './db/schema.ts';
export * from './errors.ts';
