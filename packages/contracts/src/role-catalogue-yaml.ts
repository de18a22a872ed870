import { Document, isScalar, LineCounter, parseDocument, visit } from 'yaml';
import type { FieldError } from './errors.ts';
import { type RoleCatalogue, roleCatalogueSchema } from './roles.ts';

const HEADER = [
  ' Baton role catalogue.',
  ' Edit it and load it back with `baton team roles import <file>` (administrators).',
  ' Each responsibility names the Baton capabilities and the permissions that serve it;',
  ' a responsibility may only use permissions its role grants. A role still held by a',
  ' member cannot be dropped. Leave out `backgrounds` or `skills` to use the shipped ones.',
].join('\n');

/**
 * The catalogue as a YAML document for people to edit: short lists of words are written on
 * one line, everything else in block style.
 *
 * ```ts
 * await fs.writeFile('roles.yaml', roleCatalogueToYaml(await client.roles.catalogue()));
 * ```
 */
export function roleCatalogueToYaml(catalogue: RoleCatalogue): string {
  const doc = new Document(catalogue);
  doc.commentBefore = HEADER;
  visit(doc, {
    Seq(_key, node) {
      const words = node.items.map((item) => (isScalar(item) ? String(item.value) : null));
      if (words.every((w) => w !== null) && words.join(', ').length <= 80) node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 110, flowCollectionPadding: false });
}

export type RoleCatalogueYamlResult =
  | { ok: true; catalogue: RoleCatalogue }
  | { ok: false; problems: FieldError[] };

/**
 * Reads a YAML role catalogue and validates it. Problems name where they are (`roles.3.key`)
 * and the line, so a person can fix them all at once.
 *
 * ```ts
 * const result = parseRoleCatalogueYaml(await fs.readFile('roles.yaml', 'utf8'));
 * if (!result.ok) for (const p of result.problems) console.error(`${p.path}: ${p.message}`);
 * ```
 */
export function parseRoleCatalogueYaml(text: string): RoleCatalogueYamlResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => {
        const at = lines.linePos(error.pos[0]);
        const where = `line ${at.line}, column ${at.col}: `;
        return { path: 'yaml', message: `${where}${firstLine(error.message)}` };
      }),
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // An alias bomb ("billion laughs") stops here instead of filling the memory.
    return { ok: false, problems: [{ path: 'yaml', message: firstLine((error as Error).message) }] };
  }
  const parsed = roleCatalogueSchema.safeParse(value);
  if (parsed.success) return { ok: true, catalogue: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues
      .flatMap(flattenUnion)
      .slice(0, 100)
      .map((issue) => {
        const path = issue.path.map(String);
        const line = lineOf(doc, lines, path);
        const message = messageOf(issue, doc.getIn(path.map(indexOrKey)));
        return { path: ['yaml', ...path].join('.'), message: line ? `${message} (line ${line})` : message };
      }),
  };
}

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  errors?: Issue[][];
}

// A responsibility is a sentence or an object; when neither fits, the option that got
// furthest (the object's own field errors) explains the problem, not "Invalid input".
function flattenUnion(issue: Issue): Issue[] {
  if (issue.code !== 'invalid_union' || !issue.errors?.length) return [issue];
  const depth = (issues: Issue[]) => Math.max(0, ...issues.map((i) => i.path.length));
  const best = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0] ?? [];
  if (best.length === 0) return [issue];
  return best.flatMap((inner) => flattenUnion({ ...inner, path: [...issue.path, ...inner.path] }));
}

// A permission outside the vocabulary is named, not answered with the list of all thirty.
function messageOf(issue: Issue, value: unknown): string {
  if (issue.code === 'invalid_value' && issue.path.includes('permissions'))
    return `'${String(value)}' is not a permission Baton knows (GET /api/v1/permissions lists them)`;
  return issue.message;
}

const indexOrKey = (part: string): string | number => (/^\d+$/.test(part) ? Number(part) : part);

const firstLine = (message: string): string => message.split('\n', 1)[0] ?? message;

/** The line of the deepest node along `path` that exists in the document. */
function lineOf(doc: Document, lines: LineCounter, path: string[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const keys = path.slice(0, depth).map(indexOrKey);
    const node = depth === 0 ? doc.contents : doc.getIn(keys, true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return lines.linePos(range[0]).line;
  }
  return undefined;
}
