import type { TeamSettings } from '@baton/contracts';
import type { Executor } from '../context.ts';
import { normalizeTerm } from './skill-vocabulary.ts';

export interface SensitiveAttribute {
  name: string;
  /** Where it was found: `declared` (team settings), or the source a lane registers. */
  source: string;
  detail: string;
}

/**
 * Where team health learns that a project's data holds sensitive attributes. The team
 * settings declare them by hand; the data lane adds a source reading its column tags.
 */
export interface SensitiveAttributeSource {
  id: string;
  list(input: {
    db: Executor;
    projectId: string;
    settings: TeamSettings;
  }): Promise<{ name: string; detail: string }[]>;
}

export const declaredSensitiveAttributes: SensitiveAttributeSource = {
  id: 'declared',
  list: async ({ settings }) =>
    settings.sensitiveAttributes.map((name) => ({ name, detail: 'declared in the team settings' })),
};

/** Columns the data lane tags `sensitive` in any of the project's datasets. */
export const taggedSensitiveColumns: SensitiveAttributeSource = {
  id: 'data-tags',
  list: async ({ db, projectId }) => {
    const rows = await db
      .selectFrom('dataset_column_tags')
      .innerJoin('datasets', 'datasets.id', 'dataset_column_tags.dataset_id')
      .select(['datasets.name as dataset', 'dataset_column_tags.column_name as column', 'roles_json'])
      .where('datasets.project_id', '=', projectId)
      .execute();
    return rows
      .filter((r) => (JSON.parse(r.roles_json) as string[]).includes('sensitive'))
      .map((r) => ({ name: r.column, detail: `tagged sensitive in dataset '${r.dataset}'` }));
  },
};

export const SENSITIVE_ATTRIBUTE_SOURCES: readonly SensitiveAttributeSource[] = [
  declaredSensitiveAttributes,
  taggedSensitiveColumns,
];

/** Every source's attributes; the same attribute from two sources is listed once. */
export async function collectSensitiveAttributes(
  input: { db: Executor; projectId: string; settings: TeamSettings },
  sources: readonly SensitiveAttributeSource[],
): Promise<SensitiveAttribute[]> {
  const found = new Map<string, SensitiveAttribute>();
  for (const source of sources) {
    for (const attribute of await source.list(input)) {
      const key = normalizeTerm(attribute.name);
      const seen = found.get(key);
      if (seen) {
        found.set(key, {
          ...seen,
          source: `${seen.source}, ${source.id}`,
          detail: `${seen.detail}; ${attribute.detail}`,
        });
      } else {
        found.set(key, { name: attribute.name, source: source.id, detail: attribute.detail });
      }
    }
  }
  return [...found.values()];
}
