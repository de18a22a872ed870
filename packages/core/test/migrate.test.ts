import { sql } from 'kysely';
import pg from 'pg';
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

describe.skipIf(!process.env.BATON_TEST_DATABASE_URL)(
  'migrations beside other Baton schemas on one PostgreSQL server',
  () => {
    it('migrate while other schemas are being created and dropped', async () => {
      const url = process.env.BATON_TEST_DATABASE_URL!;
      const churn = new pg.Client({ connectionString: url });
      await churn.connect();
      let stop = false;
      // Another Baton's tests or a tenant removal: schemas appear and vanish all the time.
      const churning = (async () => {
        for (let i = 0; !stop; i++) {
          const name = `baton_churn_${process.pid}_${i}`;
          await churn.query(`create schema ${name}`);
          await churn.query(`create table ${name}.t (id int)`);
          await churn.query(`drop schema ${name} cascade`);
        }
      })();
      try {
        for (let round = 0; round < 6; round++) {
          const database = await openTestDatabase('postgres');
          const tables = await sql<{ n: number }>`
          select count(*)::int as n from information_schema.tables where table_schema = ${database.schema!}
        `.execute(database.db);
          expect(tables.rows[0]!.n).toBeGreaterThan(20);
          await database.dispose();
        }
      } finally {
        stop = true;
        await churning;
        await churn.end();
      }
    }, 120_000);
  },
);
