import type { Command } from 'commander';
import type { ServeFlags } from './run-server.ts';

// The server's dependencies (Fastify, the database drivers, ...) load only when a command
// that runs Baton is used, so client commands such as `baton whoami` start quickly.
export function registerServeCommands(program: Command): void {
  program
    .command('up')
    .description('Start the Baton server with an in-process worker (SQLite and a local folder by default)')
    .option('-p, --port <port>', 'port to listen on (BATON_PORT, default 8080)')
    .option('--host <host>', 'address to bind (BATON_HOST, default 127.0.0.1)')
    .option('--home <dir>', 'data folder for the database and artifacts (BATON_HOME, default ./.baton)')
    .option('--demo', 'create a demo project with a team of every role on first start')
    .option('--no-worker', 'do not run a worker in this process (run `baton worker` separately)')
    .option('--concurrency <n>', 'jobs the in-process worker runs at once (BATON_WORKER_CONCURRENCY)')
    .action(async (flags: ServeFlags) => {
      const { runUp } = await import('./run-server.ts');
      await runUp(flags);
    });

  program
    .command('serve')
    .description('Serve one deployment (stateless; run replicas behind a load balancer) on the shared stores')
    .requiredOption('--deployment <name>', 'the deployment to serve')
    .option('-p, --port <port>', 'port to listen on (BATON_PORT, default 8080)')
    .option('--host <host>', 'address to bind (BATON_HOST, default 127.0.0.1)')
    .option('--home <dir>', 'data folder (BATON_HOME), when the store is the embedded SQLite')
    .action(async (flags: { deployment: string; port?: string; host?: string; home?: string }) => {
      const { runServeDeployment } = await import('../serving/run-serve.ts');
      await runServeDeployment(flags);
    });

  program
    .command('worker')
    .description('Run a job worker against the shared metadata store (PostgreSQL for several machines)')
    .option('--home <dir>', 'data folder (BATON_HOME), when the store is the embedded SQLite')
    .option('--concurrency <n>', 'jobs to run at once (BATON_WORKER_CONCURRENCY)')
    .action(async (flags: ServeFlags) => {
      const { runWorker } = await import('./run-server.ts');
      await runWorker(flags);
    });
}
