import { Command, CommanderError } from 'commander';
import { BATON_VERSION } from '../version.ts';
import { registerAuditCommand } from './audit-command.ts';
import { registerAuthCommands } from './auth-commands.ts';
import { reportError } from './cli-error.ts';
import { registerDataCommands } from './data-commands.ts';
import { registerDeploymentCommands } from './deployment-commands.ts';
import { EXIT_CODE_HELP, EXIT_CODES } from './exit-codes.ts';
import { registerMemberCommands } from './member-commands.ts';
import { registerModelCommands } from './model-commands.ts';
import { registerProjectCommands } from './project-commands.ts';
import { registerServeCommands } from './serve-commands.ts';
import { registerTeamCommands } from './team-commands.ts';
import { registerTokenCommands } from './token-commands.ts';
import { registerTrackingCommands } from './tracking-commands.ts';
import { registerTrainingCommands } from './training-commands.ts';

/** The `baton` command line: `up` and `worker` run Baton; the rest talk to a server. */
export function buildProgram(): Command {
  const program = new Command('baton')
    .description('Baton: the platform where an ML team works, lane by lane')
    .version(BATON_VERSION)
    .showHelpAfterError()
    .exitOverride()
    // Root options only before the command, so `baton model promote --version N` is the model's.
    .enablePositionalOptions()
    .addHelpText('after', EXIT_CODE_HELP);
  registerServeCommands(program);
  registerAuthCommands(program);
  registerProjectCommands(program);
  registerMemberCommands(program);
  registerTeamCommands(program);
  registerTokenCommands(program);
  registerAuditCommand(program);
  registerDataCommands(program);
  registerTrackingCommands(program);
  registerDeploymentCommands(program);
  registerModelCommands(program);
  registerTrainingCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    // Commander has printed its message already; help and --version exit 0, misuse exits 2.
    if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : EXIT_CODES.usage);
    process.exit(reportError(error, argv.includes('--json')));
  }
}
