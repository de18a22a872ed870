import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/db/migrate.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from './support/databases.ts';

for (const dialect of DIALECTS) {
  describe(`migrations on ${dialect}`, () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await openTestDatabase(dialect);
    });
    afterAll(() => database.dispose());

    it('is idempotent: a second run applies nothing', async () => {
      expect(await migrateToLatest(database)).toEqual([]);
    });

    it('keeps the audit log append-only in the database itself', async () => {
      const db = database.db;
      await db
        .insertInto('audit_log')
        .values({
          at: new Date().toISOString(),
          actor_id: null,
          actor_name: 'system:test',
          action: 'test.write',
          target_type: 'test',
          target_id: 't1',
          project_id: null,
          summary: 'a row',
          before_json: null,
          after_json: null,
          request_id: null,
        })
        .execute();
      await expect(db.updateTable('audit_log').set({ summary: 'changed' }).execute()).rejects.toThrow(
        /append-only/,
      );
      await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
      const rows = await sql<{ n: number }>`select count(*) as n from audit_log`.execute(db);
      expect(Number(rows.rows[0]?.n)).toBe(1);
    });
  });
}
