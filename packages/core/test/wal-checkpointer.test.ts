import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, sqliteConnection } from '../src/db/database.ts';

describe('SQLite WAL checkpoints on a worker thread', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-wal-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('copies committed writes into the database file without the writer checkpointing', async () => {
    const file = path.join(dir, 'baton.db');
    const database = openDatabase({ sqlitePath: file, walCheckpointer: true });
    expect(sqliteConnection(database.db)?.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
    await sql`create table t (v text)`.execute(database.db);
    const before = fs.statSync(file).size;
    const rows = Array.from({ length: 200 }, (_, i) => `row ${i} ${'x'.repeat(1000)}`);
    for (const v of rows) await sql`insert into t (v) values (${v})`.execute(database.db);
    // 200 KB of rows, far below the writer's own threshold: only the thread can move them.
    const deadline = Date.now() + 10_000;
    while (fs.statSync(file).size < before + 200_000 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fs.statSync(file).size).toBeGreaterThanOrEqual(before + 200_000);
    await database.close();
    // Closed cleanly: the file opens again with every row.
    const again = openDatabase({ sqlitePath: file });
    const count = await sql<{ n: number }>`select count(*) as n from t`.execute(again.db);
    expect(count.rows[0]?.n).toBe(200);
    await again.close();
  });
});
