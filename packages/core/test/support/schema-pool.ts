import { type Database, openDatabase } from '../../src/db/database.ts';
import type { TestDatabase } from './databases.ts';

/**
 * Another connection pool on a PostgreSQL test database's schema, as a second process would
 * open it (for example a second `baton worker`). The caller closes it before disposing the
 * test database.
 */
export function openSchemaPool(database: TestDatabase, poolSize = 3): Database {
  if (database.dialect !== 'postgres' || !database.url || !database.schema) {
    throw new Error('a second pool needs a PostgreSQL test database');
  }
  return openDatabase({ url: database.url, schema: database.schema, poolSize });
}
