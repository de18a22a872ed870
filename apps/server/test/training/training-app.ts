import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Job, Run } from '@baton/contracts';
import { type ColumnTable, inferRecordSchema, type RecordValue, tableFromRecords } from '@baton/ml';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { type DataApp, startDataApp } from '../data/data-app.ts';
import type { TestUser } from '../support/test-app.ts';

export const GERMAN_CREDIT = readFileSync(
  path.join(import.meta.dirname, '../../../../examples/german_credit.csv'),
  'utf8',
);

/** The CSV as a typed table in file order (the order the version's Parquet keeps). */
export function csvTable(text: string): ColumnTable {
  const [head, ...lines] = text.trim().split('\n');
  const names = head!.split(',').map((h) => h.replaceAll('"', ''));
  const records = lines.map((line) => {
    const cells = line.split(',').map((c) => c.replaceAll('"', ''));
    return Object.fromEntries(names.map((n, i) => [n, cells[i] as RecordValue]));
  });
  return tableFromRecords(records, inferRecordSchema(records));
}

export interface TrainingApp extends DataApp {
  mlEngineer: TestUser;
  /** POSTs JSON to a training endpoint as the user (the data scientist by default). */
  post(what: string, body: unknown, token?: string): Promise<LightMyRequestResponse>;
  run(id: string): Promise<Run>;
  job(id: string): Promise<Job>;
  artifact(run: string, file: string): Promise<Buffer>;
}

export async function startTrainingApp(dialect: 'sqlite' | 'postgres'): Promise<TrainingApp> {
  const d = await startDataApp(dialect);
  const mlEngineer = await d.t.userWithRoles(d.project, ['ml-engineer']);
  return Object.assign(d, {
    mlEngineer,
    post: (what: string, body: unknown, token?: string) =>
      d.t.call('POST', `${d.base}/training/${what}`, { token: token ?? d.scientist.token, body }),
    async run(id: string) {
      const res = await d.t.call('GET', `${d.base}/runs/${id}`, { token: d.viewer.token });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as Run;
    },
    async job(id: string) {
      const res = await d.t.call('GET', `${d.base}/jobs/${id}`, { token: d.viewer.token });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as Job;
    },
    async artifact(run: string, file: string) {
      const res = await d.t.call(
        'GET',
        `${d.base}/runs/${run}/artifacts/file?path=${encodeURIComponent(file)}`,
        {
          token: d.viewer.token,
        },
      );
      expect(res.statusCode, res.body).toBe(200);
      return res.rawPayload;
    },
  });
}
