import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config.ts';
import { BATON_VERSION } from '../version.ts';
import { registerServeCommands } from './serve-commands.ts';

/** The `baton` command line: `up` and `worker` run Baton; the rest talk to a server. */
export function buildProgram(): Command {
  const program = new Command('baton')
    .description('Baton: the platform where an ML team works, lane by lane')
    .version(BATON_VERSION)
    .showHelpAfterError()
    .exitOverride();
  registerServeCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) process.exit(error.exitCode);
    if (error instanceof ConfigError) {
      process.stderr.write(`baton: ${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`baton: ${(error as Error).message ?? String(error)}\n`);
    process.exit(1);
  }
}
