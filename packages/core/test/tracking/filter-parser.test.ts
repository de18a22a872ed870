import { describe, expect, it } from 'vitest';
import { FilterError, parseFilter, parseOrderBy } from '../../src/tracking/search/filter-parser.ts';

describe('MLflow filter parser', () => {
  it('parses every comparator, quoting style and entity alias', () => {
    const clauses = parseFilter(
      `metrics.auc > 0.8 and params.lr = '0.1' AND tags."my key" LIKE 'a%' and attributes.status IN ('FINISHED', "FAILED") and param.\`opt name\` != 'sgd' and metric.loss <= -1e-3 and tags.team NOT IN ('x') and run.run_name ILIKE '%Net%' and metrics.m >= 2 and metrics.n < .5`,
    );
    expect(clauses.map((c) => [c.entity, c.key, c.op, c.value])).toEqual([
      ['metric', 'auc', '>', 0.8],
      ['param', 'lr', '=', '0.1'],
      ['tag', 'my key', 'LIKE', 'a%'],
      ['attribute', 'status', 'IN', ['FINISHED', 'FAILED']],
      ['param', 'opt name', '!=', 'sgd'],
      ['metric', 'loss', '<=', -0.001],
      ['tag', 'team', 'NOT IN', ['x']],
      ['attribute', 'run_name', 'ILIKE', '%Net%'],
      ['metric', 'm', '>=', 2],
      ['metric', 'n', '<', 0.5],
    ]);
  });

  it('keeps dots, slashes and dashes inside bare keys and escapes inside strings', () => {
    const [c] = parseFilter(`metrics.val/acc-top.5 = 1 `);
    expect(c).toMatchObject({ key: 'val/acc-top.5', value: 1 });
    expect(parseFilter(`tags.q = 'it\\'s'`)[0]?.value).toBe("it's");
  });

  it('treats an empty filter as no clauses', () => {
    expect(parseFilter('   ')).toEqual([]);
  });

  it.each([
    ['metrics.auc >', 13, 'expected a value'],
    ["metrics.auc > 0.8 or params.a = '1'", 18, "'or' is not supported"],
    ['auc > 0.8', 0, "'auc' needs a prefix"],
    ["foo.auc = '1'", 0, "unknown entity 'foo'"],
    ["params.a == '1'", 10, 'expected a value'],
    ["params.a = 'open", 11, 'unterminated'],
    ['attributes.status IN (1)', 22, 'quoted strings'],
    ["params.a = '1' params.b = '2'", 15, "expected 'and'"],
    ['metrics.a NOT LIKE 1', 10, "expected 'IN' after 'NOT'"],
    ['metrics.a ~ 1', 10, 'expected a comparator'],
  ])('rejects %j at position %i', (filter, position, message) => {
    try {
      parseFilter(filter);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(FilterError);
      expect((error as FilterError).position).toBe(position);
      expect((error as Error).message).toContain(`position ${position}`);
      expect((error as Error).message).toContain(message);
    }
  });

  it('parses order_by terms', () => {
    expect(parseOrderBy('metrics.auc DESC')).toEqual({ entity: 'metric', key: 'auc', ascending: false });
    expect(parseOrderBy('start_time')).toEqual({ entity: 'attribute', key: 'start_time', ascending: true });
    expect(parseOrderBy('params.`a b` asc')).toEqual({ entity: 'param', key: 'a b', ascending: true });
    expect(() => parseOrderBy('metrics.auc sideways')).toThrow(/ASC or DESC/);
  });
});
