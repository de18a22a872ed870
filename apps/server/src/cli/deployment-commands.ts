import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Deployment } from '@baton/contracts';
import type { Command } from 'commander';
import { CliError } from './cli-error.ts';
import { printJson, printLine, printTable } from './output.ts';
import { connect, integerIn, type JsonFlag, runCommand, withJson } from './run-command.ts';

const when = (t: number) => new Date(t).toISOString().slice(0, 19).replace('T', ' ');
const served = (v: Deployment['current']) => (v ? `v${v.version}` : '-');

/** Epoch ms from an ISO time or a relative age such as `15m`, `2h`, `1d`. */
function timeArg(value: string): number {
  const rel = /^(\d+)([smhd])$/.exec(value);
  if (rel) {
    const unit = { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7 }[rel[2] as 's' | 'm' | 'h' | 'd'];
    return Date.now() - Number(rel[1]) * unit;
  }
  const t = Date.parse(value);
  if (Number.isNaN(t))
    throw new CliError('usage', `'${value}' is neither an ISO time nor an age such as 15m, 2h, 1d`);
  return t;
}

function printDeployment(d: Deployment): void {
  printLine(`${d.name}  ${d.status}  ${d.model}@${d.alias} -> ${served(d.current)}`);
  if (d.challengerAlias) {
    printLine(
      `  challenger ${d.challengerAlias} -> ${served(d.challenger)}  mode ${d.mode}${d.mode === 'canary' ? ` ${d.canaryPercent}%` : ''}`,
    );
  }
  printLine(`  config ${JSON.stringify(d.config)}`);
  printLine(`  predict: POST /serve/${d.name}/predict`);
}

interface CreateFlags extends JsonFlag {
  model: string;
  alias: string;
  challenger?: string;
  mode?: 'canary' | 'shadow';
  canary?: number;
  maxRows?: number;
  noLog?: boolean;
  log?: boolean;
  public?: boolean;
}

/** `baton deployment ...`: the serving lane from a terminal or CI. */
export function registerDeploymentCommands(program: Command): void {
  const deployment = program
    .command('deployment')
    .description('Deployments: serve a model alias (serving lane)');
  withJson(
    deployment
      .command('create <project> <name>')
      .description('Serve the version a model alias points to at /serve/<name>/predict')
      .requiredOption('--model <model>', 'registered model name')
      .option('--alias <alias>', 'the alias to serve', 'production')
      .option('--challenger <alias>', 'a challenger alias')
      .option('--mode <mode>', 'how the challenger takes traffic: canary or shadow')
      .option('--canary <percent>', 'share of requests the canary answers', integerIn(0, 100))
      .option('--max-rows <n>', 'rows one request may carry (default 1000)', integerIn(1, 100_000))
      .option('--no-log', 'do not log predictions')
      .option('--public', 'anyone may call predict without a token'),
  ).action((project: string, name: string, flags: CreateFlags) =>
    runCommand(flags, async () => {
      if (flags.mode && !['canary', 'shadow'].includes(flags.mode))
        throw new CliError('usage', '--mode is canary or shadow');
      const { client } = await connect();
      const d = await client.deployments.create(project, {
        name,
        model: flags.model,
        alias: flags.alias,
        ...(flags.challenger ? { challengerAlias: flags.challenger } : {}),
        ...(flags.mode ? { mode: flags.mode } : {}),
        ...(flags.canary !== undefined ? { canaryPercent: flags.canary } : {}),
        config: {
          ...(flags.maxRows !== undefined ? { maxRows: flags.maxRows } : {}),
          ...(flags.log === false ? { logPredictions: false } : {}),
          ...(flags.public ? { publicAccess: true } : {}),
        },
      });
      if (flags.json) return printJson(d);
      printDeployment(d);
    }),
  );
  withJson(deployment.command('list <project>').description("The project's deployments")).action(
    (project: string, flags: JsonFlag) =>
      runCommand(flags, async () => {
        const { client } = await connect();
        const { items } = await client.deployments.list(project);
        if (flags.json) return printJson(items);
        printTable(
          items,
          [
            { header: 'name', value: (d) => d.name },
            { header: 'status', value: (d) => d.status },
            { header: 'model', value: (d) => `${d.model}@${d.alias}` },
            { header: 'serves', value: (d) => served(d.current) },
            {
              header: 'challenger',
              value: (d) =>
                d.challengerAlias ? `${d.challengerAlias} ${served(d.challenger)} ${d.mode}` : '-',
            },
            { header: 'canary', value: (d) => (d.mode === 'canary' ? `${d.canaryPercent}%` : '-') },
          ],
          'no deployments',
        );
      }),
  );
  withJson(
    deployment.command('show <project> <name>').description('One deployment, its versions and health'),
  ).action((project: string, name: string, flags: JsonFlag) =>
    runCommand(flags, async () => {
      const { client } = await connect();
      const d = await client.deployments.get(project, name);
      const stats = await client.deployments.stats(project, name);
      if (flags.json) return printJson({ ...d, health: stats.health });
      printDeployment(d);
      if (stats.health)
        printLine(`  health ${stats.health.state}${stats.health.problem ? `: ${stats.health.problem}` : ''}`);
    }),
  );
  withJson(
    deployment
      .command('split <project> <name>')
      .description('Set the challenger and its share: --canary 10, --shadow, or --off')
      .option('--challenger <alias>', 'the challenger alias')
      .option('--canary <percent>', 'canary share of requests', integerIn(0, 100))
      .option('--shadow', 'score a copy of traffic on the challenger; never returned')
      .option('--off', 'no challenger'),
  ).action(
    (
      project: string,
      name: string,
      flags: JsonFlag & { challenger?: string; canary?: number; shadow?: boolean; off?: boolean },
    ) =>
      runCommand(flags, async () => {
        const { client } = await connect();
        const d = await client.deployments.split(
          project,
          name,
          flags.off
            ? { challengerAlias: null, mode: 'none', canaryPercent: 0 }
            : {
                ...(flags.challenger ? { challengerAlias: flags.challenger } : {}),
                ...(flags.shadow ? { mode: 'shadow' as const } : {}),
                ...(flags.canary !== undefined
                  ? { mode: 'canary' as const, canaryPercent: flags.canary }
                  : {}),
              },
        );
        if (flags.json) return printJson(d);
        printDeployment(d);
      }),
  );
  for (const [verb, status] of [
    ['stop', 'stopped'],
    ['start', 'active'],
  ] as const) {
    withJson(
      deployment
        .command(`${verb} <project> <name>`)
        .description(`${verb === 'stop' ? 'Stop' : 'Start'} serving`),
    ).action((project: string, name: string, flags: JsonFlag) =>
      runCommand(flags, async () => {
        const { client } = await connect();
        const d = await client.deployments.update(project, name, { status });
        if (flags.json) return printJson(d);
        printLine(`${d.name} is ${d.status}`);
      }),
    );
  }
  withJson(
    deployment.command('delete <project> <name>').description('Delete a deployment (its log is kept)'),
  ).action((project: string, name: string, flags: JsonFlag) =>
    runCommand(flags, async () => {
      const { client } = await connect();
      const result = await client.deployments.delete(project, name);
      if (flags.json) return printJson(result);
      printLine(`deleted ${name}`);
    }),
  );
  withJson(
    deployment
      .command('log <project> <name>')
      .description('Read the prediction log of a window')
      .option('--since <time>', 'ISO time or age (15m, 2h, 1d)', '1h')
      .option('--until <time>', 'ISO time or age')
      .option('--limit <n>', 'entries', integerIn(1, 5000)),
  ).action(
    (project: string, name: string, flags: JsonFlag & { since: string; until?: string; limit?: number }) =>
      runCommand(flags, async () => {
        const { client } = await connect();
        const page = await client.deployments.predictions(project, name, {
          from: timeArg(flags.since),
          ...(flags.until ? { to: timeArg(flags.until) } : {}),
          limit: flags.limit ?? 50,
        });
        if (flags.json) return printJson(page);
        printTable(
          page.items,
          [
            { header: 'time', value: (e) => when(e.createdAt) },
            { header: 'request', value: (e) => e.requestId.slice(0, 12) },
            { header: 'variant', value: (e) => e.variant },
            { header: 'version', value: (e) => e.versionId.slice(0, 12) },
            { header: 'ms', value: (e) => e.latencyMs.toFixed(2) },
            { header: 'outputs', value: (e) => JSON.stringify(e.outputs).slice(0, 60) },
          ],
          'no predictions in the window',
        );
        if (page.nextCursor) printLine('(more: raise --limit or narrow the window)');
      }),
  );
  withJson(
    deployment
      .command('export <project> <name> <output>')
      .description('Export the prediction log of a window as NDJSON')
      .option('--since <time>', 'ISO time or age (15m, 2h, 1d)', '1d')
      .option('--until <time>', 'ISO time or age'),
  ).action(
    (project: string, name: string, output: string, flags: JsonFlag & { since: string; until?: string }) =>
      runCommand(flags, async () => {
        const { client } = await connect();
        const response = await client.deployments.exportPredictions(project, name, {
          from: timeArg(flags.since),
          ...(flags.until ? { to: timeArg(flags.until) } : {}),
        });
        if (!response.body) throw new CliError('usage', 'the export is empty');
        await pipeline(
          Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
          createWriteStream(output),
        );
        if (flags.json) return printJson({ output });
        printLine(`saved the prediction log to ${output}`);
      }),
  );
}
