// MLflow's search language, parsed without I/O: `metrics.auc > 0.8 and params.lr = '0.1'`,
// `tags."my key" LIKE 'a%'`, `attributes.status IN ('FINISHED', 'FAILED')`. Only `and` joins
// clauses (as in MLflow). Errors name the 0-based character position of the problem.

export type Entity = 'metric' | 'param' | 'tag' | 'attribute' | 'dataset';
export type Comparator = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'LIKE' | 'ILIKE' | 'IN' | 'NOT IN';
export type FilterValue = string | number | string[];

export interface Clause {
  entity: Entity;
  key: string;
  op: Comparator;
  value: FilterValue;
  /** Where the clause starts in the filter string. */
  position: number;
}

export interface OrderTerm {
  entity: Entity;
  key: string;
  ascending: boolean;
}

export class FilterError extends Error {
  readonly position: number;
  constructor(message: string, position: number, source: string) {
    const near = source.slice(position, position + 20);
    super(
      `invalid filter at position ${position}${near ? ` (near '${near}')` : ' (at the end)'}: ${message}`,
    );
    this.name = 'FilterError';
    this.position = position;
  }
}

const ENTITIES: Record<string, Entity> = {
  metric: 'metric',
  metrics: 'metric',
  param: 'param',
  params: 'param',
  parameter: 'param',
  parameters: 'param',
  tag: 'tag',
  tags: 'tag',
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute',
  dataset: 'dataset',
  datasets: 'dataset',
};

class Scanner {
  pos = 0;
  constructor(readonly src: string) {}
  fail(message: string, at = this.pos): never {
    throw new FilterError(message, at, this.src);
  }
  skipSpace(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos]!)) this.pos++;
  }
  done(): boolean {
    this.skipSpace();
    return this.pos >= this.src.length;
  }
  peekWord(): string {
    this.skipSpace();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.src.slice(this.pos));
    return m ? m[0] : '';
  }
  word(): string {
    const w = this.peekWord();
    this.pos += w.length;
    return w;
  }
  quoted(): string {
    const quote = this.src[this.pos]!;
    const start = this.pos;
    this.pos++;
    let out = '';
    while (this.pos < this.src.length) {
      const c = this.src[this.pos]!;
      if (c === '\\' && this.pos + 1 < this.src.length) {
        out += this.src[this.pos + 1];
        this.pos += 2;
        continue;
      }
      if (c === quote) {
        this.pos++;
        return out;
      }
      out += c;
      this.pos++;
    }
    return this.fail(`unterminated ${quote} quote`, start);
  }
}

function identifier(s: Scanner, defaultEntity: Entity | null): { entity: Entity; key: string; at: number } {
  s.skipSpace();
  const at = s.pos;
  const first = s.src[s.pos];
  if (first === '`' || first === '"') {
    if (!defaultEntity)
      s.fail('expected an identifier such as metrics.auc, params.lr, tags.team or attributes.status');
    return { entity: defaultEntity, key: s.quoted(), at };
  }
  const head = s.word();
  if (!head) s.fail('expected an identifier such as metrics.auc, params.lr, tags.team or attributes.status');
  if (s.src[s.pos] !== '.') {
    if (!defaultEntity) {
      s.fail(
        `'${head}' needs a prefix: metrics.${head}, params.${head}, tags.${head} or attributes.${head}`,
        at,
      );
    }
    return { entity: defaultEntity, key: head, at };
  }
  const entity = ENTITIES[head.toLowerCase()];
  if (!entity) s.fail(`unknown entity '${head}'; use metrics., params., tags., attributes. or datasets.`, at);
  s.pos++;
  const c = s.src[s.pos];
  if (c === '`' || c === '"') return { entity, key: s.quoted(), at };
  const m = /^[\w.\-/:]+/.exec(s.src.slice(s.pos));
  if (!m) s.fail(`expected a key after '${head}.'`);
  s.pos += m[0].length;
  return { entity, key: m[0], at };
}

function comparator(s: Scanner): Comparator {
  s.skipSpace();
  const rest = s.src.slice(s.pos);
  const sym = /^(!=|>=|<=|=|>|<)/.exec(rest);
  if (sym) {
    s.pos += sym[0].length;
    return sym[0] as Comparator;
  }
  const w = s.peekWord().toUpperCase();
  if (w === 'LIKE' || w === 'ILIKE' || w === 'IN') {
    s.word();
    return w;
  }
  if (w === 'NOT') {
    const at = s.pos;
    s.word();
    if (s.peekWord().toUpperCase() !== 'IN') s.fail("expected 'IN' after 'NOT'", at);
    s.word();
    return 'NOT IN';
  }
  return s.fail('expected a comparator: =, !=, >, >=, <, <=, LIKE, ILIKE, IN or NOT IN');
}

function scalar(s: Scanner): string | number {
  s.skipSpace();
  const c = s.src[s.pos];
  if (c === "'" || c === '"') return s.quoted();
  const m = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(s.src.slice(s.pos));
  if (m) {
    s.pos += m[0].length;
    return Number(m[0]);
  }
  return s.fail('expected a value: a number, or a string in \'single\' or "double" quotes');
}

function list(s: Scanner): string[] {
  s.skipSpace();
  if (s.src[s.pos] !== '(') s.fail("expected a list in parentheses, such as ('a', 'b')");
  s.pos++;
  const out: string[] = [];
  for (;;) {
    const at = s.pos;
    const v = scalar(s);
    if (typeof v !== 'string') s.fail('list values must be quoted strings', at);
    out.push(v);
    s.skipSpace();
    const c = s.src[s.pos];
    s.pos++;
    if (c === ')') return out;
    if (c !== ',') s.fail("expected ',' or ')' in the list", s.pos - 1);
  }
}

/** Parses a filter into clauses joined by `and`; an empty filter has none. */
export function parseFilter(filter: string, defaultEntity: Entity | null = null): Clause[] {
  const s = new Scanner(filter);
  const clauses: Clause[] = [];
  if (s.done()) return clauses;
  for (;;) {
    const { entity, key, at } = identifier(s, defaultEntity);
    const op = comparator(s);
    const value = op === 'IN' || op === 'NOT IN' ? list(s) : scalar(s);
    clauses.push({ entity, key, op, value, position: at });
    if (s.done()) return clauses;
    const joinAt = s.pos;
    const join = s.word().toLowerCase();
    if (join === 'or') s.fail("'or' is not supported; only 'and' joins clauses", joinAt);
    if (join !== 'and') s.fail("expected 'and' between clauses", joinAt);
  }
}

/** Parses one `order_by` term: `metrics.auc DESC`, `attributes.start_time`, `params.lr ASC`. */
export function parseOrderBy(term: string, defaultEntity: Entity | null = 'attribute'): OrderTerm {
  const s = new Scanner(term);
  const { entity, key } = identifier(s, defaultEntity);
  let ascending = true;
  if (!s.done()) {
    const at = s.pos;
    const dir = s.word().toUpperCase();
    if (dir === 'DESC') ascending = false;
    else if (dir !== 'ASC') s.fail('expected ASC or DESC', at);
  }
  if (!s.done()) s.fail('unexpected text after the order direction');
  return { entity, key, ascending };
}
