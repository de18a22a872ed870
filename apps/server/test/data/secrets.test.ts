import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadSecretKey, parseSecretKey, SECRET_KEY_FILE, SecretBox } from '@baton/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { DIALECTS } from '../support/test-app.ts';
import { type DataApp, startDataApp } from './data-app.ts';

const CONNECTION = 'postgres://reader:pw-at-rest@127.0.0.1:1/warehouse';

describe('the secret box', () => {
  const box = new SecretBox(Buffer.alloc(32, 7));

  it('seals with AES-256-GCM: a fresh IV each time, opened only with the same key', () => {
    const a = box.seal(CONNECTION);
    const b = box.seal(CONNECTION);
    expect(a).toMatch(/^enc:v1:/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('pw-at-rest');
    expect(box.open(a)).toBe(CONNECTION);
    expect(() => new SecretBox(Buffer.alloc(32, 8)).open(a)).toThrow(/cannot be decrypted/);
    const tampered = `${a.slice(0, -4)}${a.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    expect(() => box.open(tampered)).toThrow(/cannot be decrypted/);
    expect(box.open('postgres://legacy-plaintext')).toBe('postgres://legacy-plaintext');
  });

  it('takes the configured key as hex or base64 and refuses anything else', () => {
    const hex = 'ab'.repeat(32);
    expect(parseSecretKey(hex)).toEqual(Buffer.alloc(32, 0xab));
    expect(parseSecretKey(Buffer.alloc(32, 0xab).toString('base64'))).toEqual(Buffer.alloc(32, 0xab));
    expect(() => parseSecretKey('too-short')).toThrow(/64 hex digits or base64/);
    expect(() => parseSecretKey('ab'.repeat(31))).toThrow(/64 hex digits or base64/);
    expect(loadConfig({ BATON_SECRET_KEY: hex }, { home: '/tmp/x' }).secretKey).toBe(hex);
  });

  it('creates a key file under the home on first start, owner-only, and reads the same key after', () => {
    const home = path.join('/tmp', `baton-key-${process.pid}-${Date.now()}`);
    const first = loadSecretKey({ home });
    const file = path.join(home, SECRET_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadSecretKey({ home })).toEqual(first);
    // A configured key wins over the file.
    expect(loadSecretKey({ home, key: 'cd'.repeat(32) })).toEqual(Buffer.alloc(32, 0xcd));
    writeFileSync(file, 'not a key\n');
    expect(() => loadSecretKey({ home })).toThrow(/64 hex digits or base64/);
  });

  it('reads the DuckDB limits from the configuration, refusing nonsense', () => {
    const config = loadConfig(
      { BATON_DUCKDB_THREADS: '4', BATON_DUCKDB_MEMORY: '2GB', BATON_QUERY_MEMORY: '256MB' },
      { home: '/tmp/x' },
    );
    expect(config).toMatchObject({ duckdbThreads: 4, duckdbMemory: '2GB', queryMemory: '256MB' });
    expect(loadConfig({}, { home: '/tmp/x' })).toMatchObject({
      duckdbThreads: 2,
      duckdbMemory: '1GB',
      queryMemory: '512MB',
    });
    expect(() => loadConfig({ BATON_DUCKDB_MEMORY: 'lots' }, { home: '/tmp/x' })).toThrow(
      /BATON_DUCKDB_MEMORY/,
    );
    expect(() => loadConfig({ BATON_DUCKDB_THREADS: '0' }, { home: '/tmp/x' })).toThrow(/duckdbThreads/);
  });
});

for (const dialect of DIALECTS) {
  describe(`data source connection strings at rest on ${dialect}`, () => {
    let d: DataApp;
    beforeAll(async () => {
      d = await startDataApp(dialect);
    });
    afterAll(() => d.close());

    const stored = async (name: string) =>
      (
        await d.t.services.db
          .selectFrom('data_sources')
          .select('secret')
          .where('project_id', '=', d.project.id)
          .where('name', '=', name)
          .executeTakeFirstOrThrow()
      ).secret;
    const importFrom = (source: string) =>
      d.t.call('POST', `${d.base}/datasets/imported/imports`, {
        token: d.engineer.token,
        body: { from: 'postgres', source, query: 'select 1' },
      });

    it('stores the connection string encrypted, never in plain text', async () => {
      const put = await d.t.call('PUT', `${d.base}/data/sources/warehouse`, {
        token: d.engineer.token,
        body: { kind: 'postgres', connectionString: CONNECTION },
      });
      expect(put.statusCode, put.body).toBe(200);
      const secret = await stored('warehouse');
      expect(secret).toMatch(/^enc:v1:/);
      expect(secret).not.toContain('pw-at-rest');
      expect(secret).not.toContain('reader');
      expect(d.t.services.secrets?.open(secret)).toBe(CONNECTION);
      // The import decrypts it to connect (port 1 refuses: a 400 that does not show the password).
      const res = await importFrom('warehouse');
      expect(res.statusCode).toBe(400);
      expect(res.json().detail).toMatch(/cannot connect to source 'warehouse'/);
      expect(res.body).not.toContain('pw-at-rest');
    });

    it('still reads a source stored in plain text before encryption, and seals it on first use', async () => {
      const now = new Date().toISOString();
      await d.t.services.db
        .insertInto('data_sources')
        .values({
          id: `legacy-${dialect}`,
          project_id: d.project.id,
          name: 'legacy',
          kind: 'postgres',
          secret: CONNECTION,
          display: 'postgres://reader:***@127.0.0.1:1/warehouse',
          created_at: now,
          created_by: 'admin',
        })
        .execute();
      const res = await importFrom('legacy');
      expect(res.statusCode).toBe(400);
      expect(res.json().detail).toMatch(/cannot connect to source 'legacy'/);
      const secret = await stored('legacy');
      expect(secret).toMatch(/^enc:v1:/);
      expect(d.t.services.secrets?.open(secret)).toBe(CONNECTION);
    });

    it('says so clearly when the key changed and the secret cannot be opened', async () => {
      const other = new SecretBox(Buffer.alloc(32, 9));
      await d.t.services.db
        .updateTable('data_sources')
        .set({ secret: other.seal(CONNECTION) })
        .where('project_id', '=', d.project.id)
        .where('name', '=', 'warehouse')
        .execute();
      const res = await importFrom('warehouse');
      expect(res.statusCode).toBe(400);
      expect(res.json().detail).toMatch(/cannot be decrypted with this server's secret key/);
      expect(res.body).not.toContain('pw-at-rest');
    });
  });
}
