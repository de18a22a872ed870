import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { endpoints, ResponseOf, RunStatus } from '@baton/contracts';
import type { Command } from 'commander';
import { CliError } from './cli-error.ts';
import { printJson, printLine, printTable } from './output.ts';
import { connect, integerIn, type JsonFlag, runCommand, withJson } from './run-command.ts';

/** A run as the API sends it (non-finite metric values as strings). */
type Run = ResponseOf<typeof endpoints.getRun>;

const ms = (t: number | null) =>
  t === null ? '-' : new Date(t).toISOString().slice(0, 16).replace('T', ' ');
const num = (v: number | string) => (typeof v === 'number' ? String(Number(v.toPrecision(6))) : v);

interface SearchFlags extends JsonFlag {
  experiment?: string[];
  filter?: string;
  orderBy?: string[];
  max?: number;
  deleted?: boolean;
}

function printRuns(runs: Run[]): void {
  const metricKeys = [...new Set(runs.flatMap((r) => r.metrics.map((m) => m.key)))].slice(0, 4);
  printTable(
    runs,
    [
      { header: 'run', value: (r) => r.info.id.slice(0, 12) },
      { header: 'name', value: (r) => r.info.name },
      { header: 'status', value: (r) => r.info.status },
      { header: 'started', value: (r) => ms(r.info.startTime) },
      ...metricKeys.map((key) => ({
        header: key,
        value: (r: Run) => {
          const m = r.metrics.find((x) => x.key === key);
          return m ? num(m.value) : '-';
        },
      })),
    ],
    'no runs',
  );
}

async function search(project: string, flags: SearchFlags): Promise<void> {
  const { client } = await connect();
  const page = await client.tracking.searchRuns(project, {
    ...(flags.experiment?.length ? { experimentIds: flags.experiment } : {}),
    ...(flags.filter ? { filter: flags.filter } : {}),
    ...(flags.orderBy?.length ? { orderBy: flags.orderBy } : {}),
    maxResults: flags.max ?? 50,
    viewType: flags.deleted ? 'DELETED_ONLY' : 'ACTIVE_ONLY',
  });
  if (flags.json) return printJson(page);
  printRuns(page.runs);
  if (page.nextPageToken) printLine(`(more runs: raise --max or narrow --filter)`);
}

async function show(project: string, run: string, flags: JsonFlag): Promise<void> {
  const { client } = await connect();
  const r = await client.tracking.getRun(project, run);
  if (flags.json) return printJson(r);
  printLine(
    `${r.info.name}  ${r.info.id}  ${r.info.status}  started ${ms(r.info.startTime)}  ended ${ms(r.info.endTime)}`,
  );
  printLine(
    `  experiment ${r.info.experimentId}${r.info.parentRunId ? `, parent ${r.info.parentRunId}` : ''}`,
  );
  for (const [k, v] of Object.entries(r.params)) printLine(`  param  ${k} = ${v}`);
  for (const m of r.metrics) printLine(`  metric ${m.key} = ${num(m.value)} (step ${m.step})`);
  for (const [k, v] of Object.entries(r.tags))
    if (!k.startsWith('mlflow.')) printLine(`  tag    ${k} = ${v}`);
  for (const i of r.inputs)
    printLine(
      `  input  ${i.name} ${i.digest.slice(0, 12)}${i.datasetVersionId ? ' (Baton dataset version)' : ''}`,
    );
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `baton experiments ...` and `baton runs ...`: the tracking lane from a terminal or CI. */
export function registerTrackingCommands(program: Command): void {
  const experiments = program.command('experiments').description('Experiments of a project (tracking lane)');
  withJson(
    experiments
      .command('list <project>')
      .description("The project's experiments")
      .option('--filter <filter>', 'MLflow search language, e.g. "name LIKE \'churn%\'"'),
  ).action((project: string, flags: JsonFlag & { filter?: string }) =>
    runCommand(flags, async () => {
      const { client } = await connect();
      const page = await client.tracking.listExperiments(
        project,
        flags.filter ? { filter: flags.filter } : {},
      );
      if (flags.json) return printJson(page);
      printTable(
        page.items,
        [
          { header: 'id', value: (e) => e.id },
          { header: 'name', value: (e) => e.name },
          { header: 'created', value: (e) => ms(e.creationTime) },
        ],
        'no experiments',
      );
    }),
  );
  withJson(experiments.command('create <project> <name>').description('Create an experiment')).action(
    (project: string, name: string, flags: JsonFlag) =>
      runCommand(flags, async () => {
        const { client } = await connect();
        const e = await client.tracking.createExperiment(project, name);
        if (flags.json) return printJson(e);
        printLine(`created experiment ${e.name} (${e.id})`);
      }),
  );

  const runs = program
    .command('runs')
    .description('Runs: search, show, end, download artifacts (tracking lane)');
  withJson(
    runs
      .command('search <project>')
      .description('Runs matching a filter, in order')
      .option('--experiment <id>', 'an experiment id (repeatable; all when left out)', collect)
      .option('--filter <filter>', 'MLflow search language, e.g. "metrics.auc > 0.8 and params.lr = \'0.1\'"')
      .option('--order-by <term>', "e.g. 'metrics.auc DESC' (repeatable)", collect)
      .option('--max <n>', 'at most this many runs', integerIn(1, 50_000))
      .option('--deleted', 'deleted runs instead of active ones'),
  ).action((project: string, flags: SearchFlags) => runCommand(flags, () => search(project, flags)));
  withJson(
    runs.command('show <project> <run>').description('One run: params, latest metrics, tags, inputs'),
  ).action((project: string, run: string, flags: JsonFlag) =>
    runCommand(flags, () => show(project, run, flags)),
  );
  withJson(
    runs
      .command('end <project> <run> [status]')
      .description('End a run: FINISHED (default), FAILED or KILLED'),
  ).action((project: string, run: string, status: string | undefined, flags: JsonFlag) =>
    runCommand(flags, async () => {
      const wanted = (status ?? 'FINISHED').toUpperCase();
      if (!['FINISHED', 'FAILED', 'KILLED'].includes(wanted))
        throw new CliError('usage', 'status is FINISHED, FAILED or KILLED');
      const { client } = await connect();
      const info = await client.tracking.updateRun(project, run, { status: wanted as RunStatus });
      if (flags.json) return printJson(info);
      printLine(`run ${info.name} is ${info.status}`);
    }),
  );
  withJson(
    runs
      .command('log <project> <run> <file>')
      .description('Log a batch from a JSON file: { "metrics": [...], "params": [...], "tags": [...] }'),
  ).action((project: string, run: string, file: string, flags: JsonFlag) =>
    runCommand(flags, async () => {
      let batch: unknown;
      try {
        batch = JSON.parse(await readFile(file, 'utf8'));
      } catch {
        throw new CliError('usage', `${file} is not a readable JSON file`);
      }
      const { client } = await connect();
      const result = await client.tracking.logBatch(
        project,
        run,
        batch as Parameters<typeof client.tracking.logBatch>[2],
      );
      if (flags.json) return printJson(result);
      printLine('logged');
    }),
  );
  withJson(
    runs
      .command('artifact <project> <run> <path> <output>')
      .description('Download one artifact file of a run'),
  ).action((project: string, run: string, path: string, output: string, flags: JsonFlag) =>
    runCommand(flags, async () => {
      const { client } = await connect();
      const response = await client.tracking.downloadArtifact(project, run, path);
      if (!response.body) throw new CliError('usage', 'the artifact is empty');
      await pipeline(
        Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
        createWriteStream(output),
      );
      if (flags.json) return printJson({ path, output });
      printLine(`saved ${path} to ${output}`);
    }),
  );
}
