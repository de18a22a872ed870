import type { SuiteDefinition } from '@baton/contracts';
import type { Selectable } from 'kysely';
import type { QualitySuitesTable } from '../../db/data-schema.ts';

export interface Suite {
  name: string;
  definition: SuiteDefinition;
  source: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

export const suiteView = (row: Selectable<QualitySuitesTable>): Suite => ({
  name: row.name,
  definition: JSON.parse(row.definition_json) as SuiteDefinition,
  source: row.source,
  createdAt: row.created_at,
  createdBy: row.created_by,
  updatedAt: row.updated_at,
});
