import { readFile } from 'node:fs/promises';
import { type AliasMove, type GateReport, parsePromotionPolicyText } from '@baton/contracts';
import { BatonApiError } from '@baton/sdk';
import type { Command } from 'commander';
import { CliError, reportError } from './cli-error.ts';
import { EXIT_CODES } from './exit-codes.ts';
import { printJson, printLine, printTable } from './output.ts';
import { connect, type JsonFlag, runCommand, withJson } from './run-command.ts';

interface ProjectFlag extends JsonFlag {
  project?: string;
}
interface VersionFlags extends ProjectFlag {
  version: string;
  alias: string;
}

const when = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ');
const v = (n: number | null) => (n === null ? '-' : `v${n}`);

function projectOf(flags: ProjectFlag): string {
  const project = flags.project ?? process.env.BATON_PROJECT;
  if (!project) throw new CliError('usage', 'say which project: --project <slug> (or set BATON_PROJECT)');
  return project;
}

/** Adds `--project` (default `BATON_PROJECT`) and `--json`. */
const scoped = (command: Command): Command =>
  withJson(command.option('-p, --project <slug>', 'the project (default: $BATON_PROJECT)'));

function printGates(report: GateReport): void {
  if (!report.hasPolicy) {
    printLine(`no promotion policy for '${report.alias}': nothing gates this move`);
    return;
  }
  for (const g of report.gates) printLine(`  ${g.passed ? 'PASS' : 'FAIL'}  ${g.gate}  ${g.reason}`);
  printLine(
    report.passed ? 'all gates pass' : `${report.gates.filter((g) => !g.passed).length} gate(s) failing`,
  );
}

const printMove = (m: AliasMove) =>
  printLine(
    `${m.alias}: ${v(m.fromVersion)} -> ${v(m.toVersion)} (${m.kind}, revision ${m.revision})${m.reason ? ` ${m.reason}` : ''}`,
  );

/**
 * A blocked promotion: every failing gate on its own line (stderr, or the problem JSON), exit 9,
 * so a CI job fails and its log says why.
 */
function reportGates(error: unknown, json: boolean): boolean {
  if (!(error instanceof BatonApiError) || error.problem.code !== 'gates_failed') return false;
  if (json) process.stderr.write(`${JSON.stringify(error.problem)}\n`);
  else {
    process.stderr.write('baton: promotion blocked by its gates (gates_failed)\n');
    for (const e of error.problem.errors ?? []) process.stderr.write(`  FAIL  ${e.path}  ${e.message}\n`);
  }
  process.exitCode = EXIT_CODES.gatesFailed;
  return true;
}

async function promote(name: string, flags: VersionFlags & { reason?: string }): Promise<void> {
  try {
    const { client } = await connect();
    const move = await client.models.promote(projectOf(flags), name, flags.version, flags.alias, {
      ...(flags.reason ? { reason: flags.reason } : {}),
    });
    if (flags.json) return printJson(move);
    printMove(move);
    if (move.gateReport) printGates(move.gateReport);
  } catch (error) {
    if (!reportGates(error, flags.json === true)) process.exitCode = reportError(error, flags.json === true);
  }
}

function registerDecisions(model: Command): void {
  for (const decision of ['approve', 'reject'] as const) {
    scoped(
      model
        .command(`${decision} <name>`)
        .description(`${decision === 'approve' ? 'Approve' : 'Reject'} a version's promotion to an alias`)
        .requiredOption('--version <n>', 'the version')
        .requiredOption('--alias <alias>', 'the alias the decision is for')
        .option('--role <role>', 'the role you decide as (when you hold several the policy names)')
        .option('--comment <text>', 'why'),
    ).action((name: string, flags: VersionFlags & { role?: string; comment?: string }) =>
      runCommand(flags, async () => {
        const { client } = await connect();
        const input = {
          alias: flags.alias,
          ...(flags.role ? { role: flags.role } : {}),
          ...(flags.comment ? { comment: flags.comment } : {}),
        };
        const a = await client.models[decision](projectOf(flags), name, flags.version, input);
        if (flags.json) return printJson(a);
        printLine(`${a.decision} v${a.version} for '${a.alias}' as ${a.role} (${a.id})`);
      }),
    );
  }
  scoped(
    model
      .command('revoke <name>')
      .description('Revoke an approval or rejection')
      .requiredOption('--version <n>', 'the version')
      .requiredOption('--approval <id>', 'the approval id'),
  ).action((name: string, flags: ProjectFlag & { version: string; approval: string }) =>
    runCommand(flags, async () => {
      const { client } = await connect();
      const a = await client.models.revoke(projectOf(flags), name, flags.version, flags.approval);
      if (flags.json) return printJson(a);
      printLine(`revoked the ${a.decision} by ${a.approver} (${a.role})`);
    }),
  );
}

function registerPolicyCommands(model: Command): void {
  const policy = model.command('policy').description('Promotion policies (gates) per alias');
  scoped(policy.command('get <alias>').description("An alias's promotion policy")).action(
    (alias: string, flags: ProjectFlag) =>
      runCommand(flags, async () => {
        const { client } = await connect();
        const p = await client.models.policy(projectOf(flags), alias);
        printJson(flags.json ? p : p.policy);
      }),
  );
  scoped(
    policy
      .command('set <alias> <file>')
      .description('Declare the policy of an alias from a YAML or JSON file'),
  ).action((alias: string, file: string, flags: ProjectFlag) =>
    runCommand(flags, async () => {
      const text = await readFile(file, 'utf8').catch((e: Error) => {
        throw new CliError('usage', `cannot read ${file}: ${e.message}`);
      });
      const parsed = parsePromotionPolicyText(text);
      if (!parsed.ok) {
        throw new CliError(
          'usage',
          `${file}: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
        );
      }
      const { client } = await connect();
      const p = await client.models.setPolicy(projectOf(flags), alias, parsed.policy);
      if (flags.json) return printJson(p);
      printLine(`policy of '${alias}' set`);
    }),
  );
}

/** `baton model ...`: the registry from a terminal or CI (`promote` exits 9 when gates fail). */
export function registerModelCommands(program: Command): void {
  const model = program
    .command('model')
    .description('Registered models, versions, aliases and promotion gates');
  scoped(
    model.command('create <name>').description('Register a model name').option('--description <text>'),
  ).action((name: string, flags: ProjectFlag & { description?: string }) =>
    runCommand(flags, async () => {
      const { client } = await connect();
      const m = await client.models.create(projectOf(flags), {
        name,
        ...(flags.description ? { description: flags.description } : {}),
      });
      if (flags.json) return printJson(m);
      printLine(`created model ${m.name}`);
    }),
  );
  scoped(
    model
      .command('list')
      .description("The project's models")
      .option('--filter <filter>', 'e.g. "name LIKE \'churn%\'"'),
  ).action((flags: ProjectFlag & { filter?: string }) =>
    runCommand(flags, async () => {
      const { client } = await connect();
      const page = await client.models.list(projectOf(flags), flags.filter ? { filter: flags.filter } : {});
      if (flags.json) return printJson(page);
      printTable(
        page.items,
        [
          { header: 'name', value: (m) => m.name },
          { header: 'latest', value: (m) => v(m.latestVersion) },
          {
            header: 'aliases',
            value: (m) =>
              Object.entries(m.aliases)
                .map(([a, n]) => `${a}=v${n}`)
                .join(' ') || '-',
          },
          { header: 'updated', value: (m) => when(m.lastUpdateTime) },
        ],
        'no models',
      );
    }),
  );
  scoped(model.command('show <name>').description('A model with its aliases and versions')).action(
    (name: string, flags: ProjectFlag) =>
      runCommand(flags, async () => {
        const { client } = await connect();
        const project = projectOf(flags);
        const [m, versions] = await Promise.all([
          client.models.get(project, name),
          client.models.versions(project, name),
        ]);
        if (flags.json) return printJson({ ...m, versions: versions.items });
        printLine(`${m.name}${m.description ? `  ${m.description}` : ''}`);
        for (const [a, n] of Object.entries(m.aliases)) printLine(`  @${a} -> v${n}`);
        for (const ver of versions.items)
          printLine(
            `  v${ver.version}  ${ver.runId ?? ver.source}  ${ver.onnxDigest ? 'onnx' : 'no onnx'}  ${when(ver.creationTime)}`,
          );
      }),
  );
  scoped(
    model
      .command('register <name>')
      .description("Register a run's model.onnx as the next version")
      .requiredOption('--run <id>', 'the run')
      .option('--description <text>')
      .option('--create', 'create the model when it does not exist'),
  ).action((name: string, flags: ProjectFlag & { run: string; description?: string; create?: boolean }) =>
    runCommand(flags, async () => {
      const { client } = await connect();
      const ver = await client.models.register(projectOf(flags), name, {
        runId: flags.run,
        ...(flags.description ? { description: flags.description } : {}),
        ...(flags.create ? { createModel: true } : {}),
      });
      if (flags.json) return printJson(ver);
      printLine(`registered ${name} v${ver.version} from run ${flags.run}`);
    }),
  );
  scoped(model.command('versions <name>').description("A model's versions")).action(
    (name: string, flags: ProjectFlag) =>
      runCommand(flags, async () => {
        const { client } = await connect();
        const page = await client.models.versions(projectOf(flags), name);
        if (flags.json) return printJson(page);
        printTable(
          page.items,
          [
            { header: 'version', value: (x) => `v${x.version}` },
            { header: 'aliases', value: (x) => x.aliases.join(' ') || '-' },
            { header: 'run', value: (x) => x.runId ?? '-' },
            { header: 'by', value: (x) => x.createdBy },
            { header: 'created', value: (x) => when(x.creationTime) },
          ],
          'no versions',
        );
      }),
  );
  scoped(model.command('alias <name>').description('Where each alias points')).action(
    (name: string, flags: ProjectFlag) =>
      runCommand(flags, async () => {
        const { client } = await connect();
        const { items } = await client.models.aliases(projectOf(flags), name);
        if (flags.json) return printJson(items);
        printTable(
          items,
          [
            { header: 'alias', value: (a) => a.alias },
            { header: 'version', value: (a) => `v${a.version}` },
            { header: 'revision', value: (a) => String(a.revision) },
            { header: 'by', value: (a) => a.updatedBy },
            { header: 'at', value: (a) => when(a.updatedAt) },
          ],
          'no aliases',
        );
      }),
  );
  scoped(
    model
      .command('promote <name>')
      .description('Move an alias to a version through its gates; exits 9 listing every failing gate')
      .requiredOption('--version <n>', 'the version')
      .requiredOption('--alias <alias>', 'the alias, e.g. production')
      .option('--reason <text>', 'why (kept in the history)'),
  ).action((name: string, flags: VersionFlags & { reason?: string }) => promote(name, flags));
  scoped(
    model
      .command('gates <name>')
      .description("Evaluate an alias's gates for a version without moving it; exits 9 if any fails")
      .requiredOption('--version <n>', 'the version')
      .requiredOption('--alias <alias>', 'the alias'),
  ).action((name: string, flags: VersionFlags) =>
    runCommand(flags, async () => {
      const { client } = await connect();
      const report = await client.models.gates(projectOf(flags), name, flags.version, flags.alias);
      if (flags.json) printJson(report);
      else printGates(report);
      if (!report.passed) process.exitCode = EXIT_CODES.gatesFailed;
    }),
  );
  scoped(
    model
      .command('rollback <name>')
      .description('Point an alias back to the version it had before its last move')
      .requiredOption('--alias <alias>', 'the alias')
      .option('--reason <text>', 'why (kept in the history)'),
  ).action((name: string, flags: ProjectFlag & { alias: string; reason?: string }) =>
    runCommand(flags, async () => {
      const { client } = await connect();
      const move = await client.models.rollback(projectOf(flags), name, flags.alias, flags.reason);
      if (flags.json) return printJson(move);
      printMove(move);
    }),
  );
  scoped(
    model
      .command('history <name>')
      .description('Every alias move: who, when, from, to, why')
      .option('--alias <alias>'),
  ).action((name: string, flags: ProjectFlag & { alias?: string }) =>
    runCommand(flags, async () => {
      const { client } = await connect();
      const { items } = await client.models.history(projectOf(flags), name, flags.alias);
      if (flags.json) return printJson(items);
      printTable(
        items,
        [
          { header: 'at', value: (m) => when(m.createdAt) },
          { header: 'alias', value: (m) => m.alias },
          { header: 'move', value: (m) => `${v(m.fromVersion)} -> ${v(m.toVersion)}` },
          { header: 'kind', value: (m) => m.kind },
          { header: 'by', value: (m) => m.actor },
          { header: 'gates', value: (m) => (m.gateReport ? `${m.gateReport.gates.length} passed` : '-') },
          { header: 'reason', value: (m) => m.reason || '-' },
        ],
        'no moves',
      );
    }),
  );
  registerDecisions(model);
  registerPolicyCommands(model);
}
