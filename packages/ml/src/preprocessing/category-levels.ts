import type { CategoricalColumn } from '../data/column-table.ts';
import { MlError } from '../errors.ts';

/** The key under which a missing categorical value (null or empty string) is encoded. */
export const MISSING_CATEGORY = '';

/** What to do when a column has more categories than `maxCategories`. */
export type CategoryOverflow = 'error' | 'keep_most_frequent';

/**
 * The categories an encoder will know for one column, sorted by code unit (as scikit-learn's
 * OneHotEncoder sorts them). Missing values count as the category `''` when they occur.
 * Over the cap, `'error'` throws `too_many_categories`; `'keep_most_frequent'` keeps the
 * `maxCategories` most frequent (ties broken by name) and the rest are treated as unseen.
 *
 * ```ts
 * categoryLevels(categoricalColumn('c', ['b', 'a', 'b']), 10, 'error'); // ['a', 'b']
 * ```
 */
export function categoryLevels(
  column: CategoricalColumn,
  maxCategories: number,
  overflow: CategoryOverflow,
): string[] {
  const counts = new Map<string, number>();
  let present = 0;
  for (const v of column.values) {
    const key = v ?? MISSING_CATEGORY;
    if (key !== MISSING_CATEGORY) present++;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  if (present === 0) {
    throw new MlError('all_missing_feature', `Feature "${column.name}" has no values in the training data`, {
      column: column.name,
    });
  }
  let levels = [...counts.keys()];
  if (levels.length > maxCategories) {
    if (overflow === 'error') {
      throw new MlError(
        'too_many_categories',
        `Feature "${column.name}" has ${levels.length} categories, more than the cap of ${maxCategories}`,
        { column: column.name, categories: levels.length, cap: maxCategories },
      );
    }
    levels = levels
      .sort((a, b) => counts.get(b)! - counts.get(a)! || compareCodeUnits(a, b))
      .slice(0, maxCategories);
  }
  return levels.sort(compareCodeUnits);
}

/** Orders strings by UTF-16 code unit, like `np.unique` on ASCII data. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
