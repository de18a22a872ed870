import { openAsBlob } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { BatonClient } from '@baton/sdk';
import type { Command } from 'commander';
import { CliError } from './cli-error.ts';
import { printJson, printLine, printNote } from './output.ts';
import { connect, integerIn, type JsonFlag, runCommand, withJson } from './run-command.ts';

interface SpecFlags extends JsonFlag {
  project: string;
  dataset: string;
  target: string;
  learner: string;
  param?: string[];
  feature?: string[];
  task?: 'classification' | 'regression';
  testFraction?: string;
  seed?: number;
  experiment?: string;
  name?: string;
  force?: boolean;
  wait?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `--param nTrees=200` pairs; values stay text, the server coerces them by the learner's catalogue. */
function paramsOf(pairs: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CliError('usage', `--param takes NAME=VALUE, got '${pair}'`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

function specOf(flags: SpecFlags) {
  const testFraction = flags.testFraction === undefined ? undefined : Number(flags.testFraction);
  if (testFraction !== undefined && !(testFraction > 0 && testFraction < 1))
    throw new CliError('usage', '--test-fraction must be in (0, 1)');
  return {
    dataset: flags.dataset,
    target: flags.target,
    learner: flags.learner as 'gbdt',
    params: paramsOf(flags.param),
    ...(flags.feature?.length ? { features: flags.feature } : {}),
    ...(flags.task ? { task: flags.task } : {}),
    ...(testFraction !== undefined ? { testFraction } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    ...(flags.experiment ? { experiment: flags.experiment } : {}),
    ...(flags.name ? { runName: flags.name } : {}),
    force: flags.force === true,
  };
}

const specOptions = (command: Command): Command =>
  withJson(command)
    .requiredOption('--project <slug>', 'the project', process.env.BATON_PROJECT)
    .requiredOption('--dataset <NAME@VERSION>', 'the dataset version (NAME@latest for the newest)')
    .requiredOption('--target <column>', 'the column to predict')
    .requiredOption('--learner <kind>', 'ridge | logistic | gbdt | random_forest')
    .option('--param <NAME=VALUE>', 'a learner parameter (repeatable)', collect)
    .option('--feature <column>', 'a feature column (repeatable; all but the target by default)', collect)
    .option('--task <task>', 'classification | regression (inferred by default)')
    .option('--test-fraction <f>', 'share of rows held out for the evaluation (default 0.2)')
    .option('--seed <n>', 'split seed', integerIn(0, 2 ** 31 - 1))
    .option('--experiment <name>', 'the experiment (created on first use)')
    .option('--name <name>', 'the run name')
    .option('--force', 'train on a version that failed its quality suite (audited)')
    .option('--wait', 'follow the job until the run ends; exit non-zero when it fails');

/** Polls the job until it ends, printing progress; fails (exit code) when the run failed. */
async function follow(
  client: BatonClient,
  project: string,
  jobId: string,
  runId: string,
  json: boolean,
): Promise<void> {
  let last = '';
  for (;;) {
    const job = await client.jobs.get(project, jobId);
    const line = `${Math.round(job.progress * 100)}% ${job.progressMessage ?? ''}`.trim();
    if (!json && line !== last) printNote(line);
    last = line;
    if (job.status !== 'queued' && job.status !== 'running') break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const run = await client.tracking.getRun(project, runId);
  if (json) printJson(run);
  else {
    printLine(`run ${run.info.id} ${run.info.status}`);
    for (const m of run.metrics.filter((x) => x.key.startsWith('test_') || x.key.startsWith('best_')))
      printLine(`  ${m.key} = ${m.value}`);
  }
  if (run.info.status !== 'FINISHED') {
    const code = run.tags['baton.error.code'] ?? 'internal';
    throw new CliError(
      code === 'internal' ? 'internal' : 'bad_request',
      `run ${run.info.id} ${run.info.status}: ${code}: ${run.tags['baton.error.message'] ?? ''}`,
    );
  }
}

export function registerTrainingCommands(program: Command): void {
  const train = program
    .command('train')
    .description(
      'Train a built-in learner on a dataset version (training lane); `train tune|import|evaluate` for more',
    );
  // `baton train --dataset ...` runs the default subcommand, so each subcommand owns its options.
  specOptions(
    train.command('fit', { isDefault: true }).description('Train a built-in learner on a dataset version'),
  ).action((flags: SpecFlags) =>
    runCommand(flags, async () => {
      const { client } = await connect();
      const started = await client.training.train(flags.project, specOf(flags));
      if (flags.wait) return follow(client, flags.project, started.jobId, started.runId, flags.json === true);
      if (flags.json) return printJson(started);
      printLine(`run ${started.runId} scheduled (job ${started.jobId})`);
    }),
  );

  specOptions(train.command('tune').description('Grid or random search with k-fold cross-validation'))
    .requiredOption('--space <json>', 'the search space as JSON, e.g. {"maxDepth":[3,5]}')
    .requiredOption('--metric <name>', 'the metric that picks the best trial, e.g. roc_auc')
    .option('--search <kind>', 'grid | random', 'grid')
    .option('--trials <n>', 'random search: candidates', integerIn(1, 500))
    .option('--folds <k>', 'cross-validation folds', integerIn(2, 20))
    .option('--minimize', 'smaller metric values are better')
    .action(
      (
        flags: SpecFlags & {
          space: string;
          metric: string;
          search: 'grid' | 'random';
          trials?: number;
          folds?: number;
          minimize?: boolean;
        },
      ) =>
        runCommand(flags, async () => {
          let space: unknown;
          try {
            space = JSON.parse(flags.space);
          } catch {
            throw new CliError('usage', '--space must be JSON');
          }
          const { client } = await connect();
          const started = await client.training.tune(flags.project, {
            ...specOf(flags),
            search: flags.search,
            space: space as Record<string, (string | number | boolean)[]>,
            metric: flags.metric,
            direction: flags.minimize ? 'minimize' : 'maximize',
            ...(flags.trials ? { trials: flags.trials } : {}),
            ...(flags.folds ? { folds: flags.folds } : {}),
          });
          if (flags.json) return printJson(started);
          printLine(`search ${started.parentRunId}: ${started.trialRunIds.length} trials queued`);
        }),
    );

  withJson(
    train
      .command('import <file>')
      .description('Import a model.onnx trained elsewhere (validated in onnxruntime)'),
  )
    .requiredOption('--project <slug>', 'the project', process.env.BATON_PROJECT)
    .option('--signature <file>', 'the signature JSON (inferred from the graph when absent)')
    .option('--experiment <name>', 'the experiment (default imported-models)')
    .option('--name <name>', 'the run name')
    .option('--framework <name>', 'where it was trained (pytorch, sklearn, xgboost, ...)')
    .action(
      (
        file: string,
        flags: JsonFlag & {
          project: string;
          signature?: string;
          experiment?: string;
          name?: string;
          framework?: string;
        },
      ) =>
        runCommand(flags, async () => {
          const signature = flags.signature ? JSON.parse(await readFile(flags.signature, 'utf8')) : undefined;
          const { client } = await connect();
          const imported = await client.training.importModel(flags.project, await openAsBlob(file), {
            ...(signature ? { signature } : {}),
            ...(flags.experiment ? { experiment: flags.experiment } : {}),
            ...(flags.name ? { name: flags.name } : {}),
            ...(flags.framework ? { framework: flags.framework } : {}),
          });
          if (flags.json) return printJson(imported);
          printLine(
            `run ${imported.runId}: model.onnx and signature.json (${imported.signatureSource}) stored`,
          );
        }),
    );

  withJson(
    train.command('evaluate').description("Score a run's model.onnx on a dataset version (a child run)"),
  )
    .requiredOption('--project <slug>', 'the project', process.env.BATON_PROJECT)
    .requiredOption('--run <id>', 'the run holding model.onnx')
    .requiredOption('--dataset <NAME@VERSION>', 'the dataset version')
    .requiredOption('--target <column>', 'the column with the true values')
    .option('--force', 'use a version that failed its quality suite (audited)')
    .option('--wait', 'follow the job until the evaluation ends')
    .action(
      (
        flags: JsonFlag & {
          project: string;
          run: string;
          dataset: string;
          target: string;
          force?: boolean;
          wait?: boolean;
        },
      ) =>
        runCommand(flags, async () => {
          const { client } = await connect();
          const started = await client.training.evaluate(flags.project, {
            run: flags.run,
            dataset: flags.dataset,
            target: flags.target,
            force: flags.force === true,
          });
          if (flags.wait)
            return follow(client, flags.project, started.jobId, started.runId, flags.json === true);
          if (flags.json) return printJson(started);
          printLine(`evaluation run ${started.runId} scheduled (job ${started.jobId})`);
        }),
    );
}
