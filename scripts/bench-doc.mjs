// Writes one benchmark section into docs/benchmarks.md without touching the others. A section
// sits between `<!-- NAME:start -->` and `<!-- NAME:end -->`; what follows an optional
// `<!-- NAME:reading -->` marker inside it is the hand-written reading of the results, and a
// new run keeps it (to be brought up to date by hand) instead of erasing it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BENCH_DOC = path.join(ROOT, 'docs/benchmarks.md');

const markers = (name) => ({
  start: `<!-- ${name}:start -->`,
  end: `<!-- ${name}:end -->`,
  reading: `<!-- ${name}:reading -->`,
});

/**
 * Puts `body` (the generated markdown, without markers) as section `name`, keeping the old
 * section's reading; a section the file does not have yet is appended.
 */
export function writeBenchSection(name, body, file = BENCH_DOC) {
  const { start, end, reading } = markers(name);
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const from = text.indexOf(start);
  const to = text.indexOf(end, from);
  const generated = body.replaceAll(start, '').replaceAll(end, '').trim();
  if (from < 0 || to < 0) {
    fs.writeFileSync(file, `${text.trimEnd()}\n\n${start}\n${generated}\n\n${end}\n`);
    return;
  }
  const at = text.indexOf(reading, from);
  const kept = at >= 0 && at < to ? `\n${text.slice(at, to).trimEnd()}\n` : '';
  fs.writeFileSync(
    file,
    `${text.slice(0, from)}${start}\n${generated}\n${kept}\n${end}${text.slice(to + end.length)}`,
  );
}
