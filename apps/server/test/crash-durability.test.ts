import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { signIn, startBatonProcess } from './support/baton-process.ts';

const PASSWORD = 'crash-test-password';

describe('SIGKILL in the middle of a stream of writes', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-crash-'));
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

  it('loses no acknowledged write and the database opens cleanly afterwards', async () => {
    const server = await startBatonProcess({ home, env: { BATON_ADMIN_PASSWORD: PASSWORD } });
    const headers = await signIn(server.url, 'admin', PASSWORD);
    const acknowledged: string[] = [];
    let sent = 0;
    let stop = false;
    // Eight writers in flight at once; the kill lands while requests are open.
    const writer = async (id: number) => {
      while (!stop) {
        const slug = `crash-${id}-${sent++}`;
        try {
          const res = await fetch(`${server.url}/api/v1/projects`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ slug, name: slug }),
          });
          if (res.status === 201) acknowledged.push(slug);
        } catch {
          return; // the server is gone
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, i) => writer(i));
    const deadline = Date.now() + 20_000;
    while (acknowledged.length < 150 && Date.now() < deadline) await new Promise((r) => setImmediate(r));
    server.proc.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    await new Promise((resolve) =>
      server.proc.exitCode !== null || server.proc.signalCode
        ? resolve(null)
        : server.proc.once('exit', resolve),
    );
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);
    expect(sent).toBeGreaterThan(acknowledged.length - 1);

    const db = new SQLite(path.join(home, 'baton.db'));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = new Set(
      (db.prepare("select slug from projects where slug like 'crash-%'").all() as { slug: string }[]).map(
        (r) => r.slug,
      ),
    );
    const lost = acknowledged.filter((slug) => !stored.has(slug));
    expect(lost).toEqual([]);
    // Every stored project has its audit entry: the write and its audit committed together.
    const audited = db
      .prepare("select count(*) as n from audit_log where action = 'project.create'")
      .get() as { n: number };
    expect(audited.n).toBe(stored.size);
    db.close();

    const again = await startBatonProcess({ home, env: { BATON_ADMIN_PASSWORD: PASSWORD } });
    const res = await fetch(`${again.url}/api/v1/projects`, {
      headers: await signIn(again.url, 'admin', PASSWORD),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { items: unknown[] }).items.length).toBe(stored.size);
    await again.stop();
  });
});
