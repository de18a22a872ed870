import fs from 'node:fs';
import path from 'node:path';
import { ingestOptionsSchema } from '@baton/contracts';
import { ingestFile, putSuite, type ServiceContext, setColumnTags } from '@baton/core';
import { checkoutRoot } from '../config.ts';

export const DEMO_DATASET = 'german_credit';

/** The shipped example data (UCI Statlog German Credit; see examples/README.md). */
export function demoCsvPath(): string | undefined {
  const candidate = path.join(checkoutRoot, 'examples', 'german_credit.csv');
  return fs.existsSync(candidate) ? candidate : undefined;
}

/**
 * The data engineer's hand-off in the demo: German credit ingested as a dataset version,
 * its target and sensitive attributes tagged, and a quality suite the version must pass
 * (the profile and the suite run as jobs on the worker).
 */
export async function seedDemoData(ctx: ServiceContext, csvPath: string): Promise<void> {
  await ingestFile({
    ctx,
    input: {
      dataset: DEMO_DATASET,
      body: fs.createReadStream(csvPath),
      contentType: 'text/csv',
      filename: 'german_credit.csv',
      message: 'UCI Statlog German Credit, one-hot encoded (examples/german_credit.csv)',
      options: ingestOptionsSchema.parse({}),
    },
  });
  await setColumnTags({
    ctx,
    input: {
      dataset: DEMO_DATASET,
      tags: {
        Class: ['target'],
        Age: ['sensitive', 'feature'],
        ForeignWorker: ['sensitive', 'feature'],
        'Personal.Male.Single': ['sensitive', 'feature'],
        'Personal.Female.NotSingle': ['sensitive', 'feature'],
      },
    },
  });
  await putSuite({
    ctx,
    input: {
      dataset: DEMO_DATASET,
      suite: 'credit_basics',
      definition: {
        description: 'What training may rely on: a labelled target, plausible ages and amounts, enough rows.',
        checks: [
          { type: 'row_count_between', min: 900, max: 1_100 },
          { type: 'not_null', column: 'Class' },
          { type: 'in_set', column: 'Class', values: ['Good', 'Bad'] },
          { type: 'between', column: 'Age', min: 18, max: 100 },
          { type: 'between', column: 'Amount', min: 0 },
          { type: 'between', column: 'Duration', min: 1, max: 120 },
          { type: 'column_exists', column: 'ForeignWorker' },
        ],
      },
    },
  });
}
