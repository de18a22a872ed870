import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { DatasetVersion, SchemaDiff } from '@baton/contracts';
import type { BatonClient } from '@baton/sdk';
import type { Command } from 'commander';
import { CliError } from './cli-error.ts';
import { formatTime, printJson, printLine, printNote, printTable } from './output.ts';
import { connect, integerIn, type JsonFlag, runCommand, withJson } from './run-command.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.csv': 'text/csv',
  '.tsv': 'text/tab-separated-values',
  '.json': 'application/json',
  '.ndjson': 'application/x-ndjson',
  '.jsonl': 'application/x-ndjson',
  '.parquet': 'application/vnd.apache.parquet',
};

const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MB`;

/** Reads a file as bytes, drawing a progress line on stderr when a person is watching. */
async function* withProgress(file: string, size: number, show: boolean): AsyncIterable<Uint8Array> {
  let sent = 0;
  let last = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    sent += (chunk as Buffer).length;
    if (show && (Date.now() - last > 200 || sent === size)) {
      last = Date.now();
      const pct = size === 0 ? 100 : Math.floor((100 * sent) / size);
      process.stderr.write(`\ruploading ${pct}% (${mb(sent)} of ${mb(size)})`);
    }
    yield chunk as Buffer;
  }
  if (show) process.stderr.write('\nreading and storing as Parquet...\n');
}

const diffText = (diff: SchemaDiff | null): string => {
  if (!diff) return 'first version';
  const parts = [
    ...diff.added.map((c) => `+${c.name}`),
    ...diff.removed.map((c) => `-${c.name}`),
    ...diff.retyped.map((c) => `~${c.name} ${c.from}->${c.to}`),
  ];
  return parts.length ? parts.join(' ') : 'no schema change';
};

function printVersion(v: DatasetVersion): void {
  printLine(
    `${v.dataset}@${v.number}  ${v.rowCount} rows x ${v.columns.length} columns  ${mb(v.sizeBytes)} Parquet`,
  );
  printLine(`  sha256 ${v.digest}`);
  printLine(
    `  by ${v.createdBy} at ${formatTime(v.createdAt)}; parent ${v.parentNumber ?? '-'}; ${diffText(v.schemaDiff)}`,
  );
  printLine(`  validation ${v.validation}; profile ${v.profileStatus}`);
  if (v.source.skippedRows > 0)
    printLine(`  skipped ${v.source.skippedRows} malformed rows (lines ${v.source.skippedLines.join(', ')})`);
}

interface IngestFlags extends JsonFlag {
  format?: string;
  delimiter?: string;
  header?: string;
  encoding?: string;
  onBadRows?: string;
  nullValues?: string;
  message?: string;
}

async function ingest(project: string, dataset: string, file: string, flags: IngestFlags): Promise<void> {
  const { client } = await connect();
  const info = await stat(file).catch(() => {
    throw new CliError('usage', `cannot read ${file}`);
  });
  const show = !flags.json && process.stderr.isTTY === true;
  const query = Object.fromEntries(
    Object.entries({
      filename: path.basename(file),
      format: flags.format,
      delimiter: flags.delimiter,
      header: flags.header,
      encoding: flags.encoding,
      onBadRows: flags.onBadRows,
      nullValues: flags.nullValues,
      message: flags.message,
    }).filter(([, v]) => v !== undefined),
  );
  const version = await client.data.ingest(project, dataset, withProgress(file, info.size, show), {
    contentType: CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    query,
  });
  if (flags.json) return printJson(version);
  printVersion(version);
}

async function listVersions(project: string, dataset: string, flags: JsonFlag): Promise<void> {
  const { client } = await connect();
  const versions = await client.data.versions(project, dataset);
  if (flags.json) return printJson(versions);
  printTable(
    versions.items,
    [
      { header: 'version', value: (v) => String(v.number) },
      { header: 'rows', value: (v) => String(v.rowCount) },
      { header: 'cols', value: (v) => String(v.columns.length) },
      { header: 'validation', value: (v) => v.validation },
      { header: 'created (utc)', value: (v) => formatTime(v.createdAt) },
      { header: 'by', value: (v) => v.createdBy },
      { header: 'schema change', value: (v) => diffText(v.schemaDiff) },
    ],
    `Dataset '${dataset}' has no versions.`,
  );
}

async function listDatasets(project: string, flags: JsonFlag): Promise<void> {
  const { client } = await connect();
  const datasets = await client.data.list(project);
  if (flags.json) return printJson(datasets);
  printTable(
    datasets.items,
    [
      { header: 'dataset', value: (d) => d.name },
      { header: 'versions', value: (d) => String(d.versionCount) },
      { header: 'latest rows', value: (d) => (d.latest ? String(d.latest.rowCount) : '-') },
      { header: 'validation', value: (d) => d.latest?.validation ?? '-' },
      { header: 'updated (utc)', value: (d) => formatTime(d.latest?.createdAt) },
    ],
    `No datasets in '${project}'.`,
  );
}

async function show(project: string, dataset: string, version: string, flags: JsonFlag): Promise<void> {
  const { client } = await connect();
  const v = await client.data.version(project, dataset, version);
  if (flags.json) return printJson(v);
  printVersion(v);
  printTable(
    v.columns,
    [
      { header: 'column', value: (c) => c.name },
      { header: 'type', value: (c) => c.type },
      { header: 'nulls', value: (c) => (c.nullable ? 'yes' : 'no') },
    ],
    'No columns.',
  );
}

/** Polls a job until it ends (or the deadline passes); returns its status. */
async function waitForJob(
  client: BatonClient,
  project: string,
  jobId: string,
  timeoutMs: number,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await client.jobs.get(project, jobId);
    if (['succeeded', 'failed', 'cancelled'].includes(job.status)) return job.status;
    if (Date.now() > deadline)
      throw new CliError('unavailable', `job ${jobId} did not finish within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

interface WaitFlags extends JsonFlag {
  wait?: number;
}

async function profile(project: string, dataset: string, version: string, flags: WaitFlags): Promise<void> {
  const { client } = await connect();
  const deadline = Date.now() + (flags.wait ?? 0) * 1000;
  let answer = await client.data.profile(project, dataset, version);
  while (answer.status === 'pending' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    answer = await client.data.profile(project, dataset, version);
  }
  if (flags.json) return printJson(answer);
  if (!answer.profile) {
    printLine(
      answer.status === 'failed'
        ? `profiling failed: ${answer.error}`
        : 'the profile is not ready yet; try --wait 60',
    );
    return;
  }
  const fmt = (n: number | string | null | undefined) =>
    n === null || n === undefined ? '-' : typeof n === 'number' ? String(Number(n.toPrecision(6))) : n;
  printLine(`${answer.profile.rowCount} rows; std with ddof=1; quantiles by linear interpolation`);
  printTable(
    answer.profile.columns,
    [
      { header: 'column', value: (c) => c.name },
      { header: 'type', value: (c) => c.type },
      { header: 'missing', value: (c) => String(c.missing) },
      { header: 'distinct', value: (c) => String(c.distinct) },
      { header: 'min', value: (c) => fmt(c.min) },
      { header: 'mean', value: (c) => fmt(c.mean) },
      { header: 'std', value: (c) => fmt(c.std) },
      { header: 'median', value: (c) => fmt(c.quantiles?.['0.5']) },
      { header: 'max', value: (c) => fmt(c.max) },
      {
        header: 'top',
        value: (c) =>
          c.topValues
            ?.slice(0, 3)
            .map((t) => `${t.value} (${t.count})`)
            .join(', ') ?? '',
      },
    ],
    'No columns.',
  );
}

async function putSuite(
  project: string,
  dataset: string,
  name: string,
  file: string,
  flags: JsonFlag,
): Promise<void> {
  const { client } = await connect();
  const source = await readFile(file, 'utf8').catch(() => {
    throw new CliError('usage', `cannot read ${file}`);
  });
  const result = await client.data.putSuite(project, dataset, name, { source });
  if (flags.json) return printJson(result);
  printLine(
    `Suite '${name}' of '${dataset}': ${result.suite.definition.checks.length} checks; runs on every new version.`,
  );
}

async function check(project: string, dataset: string, version: string, flags: WaitFlags): Promise<void> {
  const { client } = await connect();
  const job = await client.data.check(project, dataset, version);
  await waitForJob(client, project, job.id, (flags.wait ?? 600) * 1000);
  const quality = await client.data.quality(project, dataset, version);
  const runs = quality.items.filter((r) => r.jobId === job.id);
  if (flags.json) printJson({ validation: quality.validation, runs });
  else {
    for (const run of runs) {
      printLine(`suite ${run.suite}: ${run.status}`);
      printTable(
        run.results,
        [
          { header: 'check', value: (r) => r.name },
          { header: 'ok', value: (r) => (r.success ? 'yes' : 'NO') },
          { header: 'unexpected', value: (r) => `${r.unexpectedCount} (${r.unexpectedPercent.toFixed(2)}%)` },
          { header: 'sample / error', value: (r) => r.error ?? JSON.stringify(r.sample.slice(0, 3)) },
        ],
        'No checks.',
      );
    }
    printLine(`${dataset}@${version}: ${quality.validation}`);
  }
  // CI gates on this: a failed check exits like a failed precondition.
  if (quality.validation === 'failed') process.exitCode = 6;
}

interface QueryFlags extends JsonFlag {
  limit?: number;
  timeout?: number;
  output?: string;
}

async function query(project: string, sql: string, flags: QueryFlags): Promise<void> {
  const { client } = await connect();
  const timeoutMs = (flags.timeout ?? 30) * 1000;
  if (flags.output) {
    const format = flags.output.toLowerCase().endsWith('.parquet') ? 'parquet' : 'csv';
    const body = await client.data.downloadQuery(project, {
      sql,
      format,
      timeoutMs,
      ...(flags.limit ? { limit: flags.limit } : {}),
    });
    if (!body) throw new CliError('internal', 'the server sent no file');
    await pipeline(Readable.fromWeb(body as WebReadableStream<Uint8Array>), createWriteStream(flags.output));
    if (flags.json) return printJson({ output: flags.output, format });
    printNote(`wrote ${flags.output}`);
    return;
  }
  const result = await client.data.query(project, { sql, limit: flags.limit ?? 100, timeoutMs });
  if (flags.json) return printJson(result);
  const names = result.columns.map((c) => c.name);
  printTable(
    result.rows,
    names.map((name, i) => ({ header: name, value: (row: unknown[]) => String(row[i] ?? 'NULL') })),
    'No rows.',
  );
  printNote(
    `${result.rows.length} rows${result.truncated ? ' (more not shown; raise --limit)' : ''} from ${result.versions.join(', ')} in ${result.elapsedMs} ms`,
  );
}

export function registerDataCommands(program: Command): void {
  const data = program
    .command('data')
    .description('Datasets: ingest files into immutable versions, profile, check quality, query with SQL')
    .addHelpText('after', '\n`baton data check` exits 6 when a quality check fails.');

  withJson(data.command('list <project>').description("The project's datasets")).action(
    (project: string, flags: JsonFlag) => runCommand(flags, () => listDatasets(project, flags)),
  );
  withJson(
    data
      .command('ingest <project> <dataset> <file>')
      .description(
        'Upload a CSV, TSV, JSON, NDJSON or Parquet file as a new version (streamed, with progress)',
      )
      .option('--format <format>', 'csv, tsv, json, ndjson or parquet (detected when left out)')
      .option('--delimiter <char>', 'the CSV delimiter (detected when left out)')
      .option('--header <bool>', 'true or false: does the first line name the columns (detected)')
      .option('--encoding <name>', 'auto, utf-8, utf-16 or latin-1', 'auto')
      .option('--on-bad-rows <policy>', 'fail (name the lines) or skip (drop and count them)', 'fail')
      .option('--null-values <list>', 'comma-separated strings read as missing')
      .option('--message <text>', 'what this version is'),
  ).action((project: string, dataset: string, file: string, flags: IngestFlags) =>
    runCommand(flags, () => ingest(project, dataset, file, flags)),
  );
  withJson(
    data.command('versions <project> <dataset>').description('Versions, newest first, with schema changes'),
  ).action((project: string, dataset: string, flags: JsonFlag) =>
    runCommand(flags, () => listVersions(project, dataset, flags)),
  );
  withJson(
    data
      .command('show <project> <dataset> [version]')
      .description('One version (default latest): schema, rows, parent'),
  ).action((project: string, dataset: string, version: string | undefined, flags: JsonFlag) =>
    runCommand(flags, () => show(project, dataset, version ?? 'latest', flags)),
  );
  withJson(
    data
      .command('profile <project> <dataset> [version]')
      .description("A version's profile: per-column statistics, top values")
      .option('--wait <seconds>', 'wait this long for the profile job', integerIn(0, 3600)),
  ).action((project: string, dataset: string, version: string | undefined, flags: WaitFlags) =>
    runCommand(flags, () => profile(project, dataset, version ?? 'latest', flags)),
  );
  const suite = data
    .command('suite')
    .description('Quality suites (JSON or YAML) that run on every new version');
  withJson(
    suite
      .command('put <project> <dataset> <name> <file>')
      .description('Create or replace a suite from a file'),
  ).action((project: string, dataset: string, name: string, file: string, flags: JsonFlag) =>
    runCommand(flags, () => putSuite(project, dataset, name, file, flags)),
  );
  withJson(suite.command('list <project> <dataset>').description("The dataset's suites")).action(
    (project: string, dataset: string, flags: JsonFlag) =>
      runCommand(flags, async () => {
        const { client } = await connect();
        const suites = await client.data.suites(project, dataset);
        if (flags.json) return printJson(suites);
        printTable(
          suites.items,
          [
            { header: 'suite', value: (s) => s.name },
            { header: 'checks', value: (s) => String(s.definition.checks.length) },
            { header: 'updated (utc)', value: (s) => formatTime(s.updatedAt) },
          ],
          'No suites.',
        );
      }),
  );
  withJson(
    data
      .command('check <project> <dataset> [version]')
      .description("Run the dataset's suites on a version (default latest) and print the results")
      .option('--wait <seconds>', 'how long to wait for the checks', integerIn(1, 86_400)),
  ).action((project: string, dataset: string, version: string | undefined, flags: WaitFlags) =>
    runCommand(flags, () => check(project, dataset, version ?? 'latest', flags)),
  );
  withJson(
    data
      .command('query <project> <sql>')
      .description('Read-only SQL over dataset versions: `loans` is the latest, `"loans@3"` a version')
      .option(
        '--limit <rows>',
        'rows to return (default 100; for --output, all up to this many)',
        integerIn(1, 100_000_000),
      )
      .option('--timeout <seconds>', 'stop the query after this long (default 30)', integerIn(1, 300))
      .option('--output <file>', 'write the whole result to a .csv or .parquet file'),
  ).action((project: string, sql: string, flags: QueryFlags) =>
    runCommand(flags, () => query(project, sql, flags)),
  );
}
