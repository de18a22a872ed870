// `npm test`: build the server bundle and the web UI (the end-to-end tests run them), then
// run every test. PostgreSQL variants run when BATON_TEST_DATABASE_URL is set.
import { spawnSync } from 'node:child_process';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run('npm', ['run', 'build', '--silent']);
if (!process.env.BATON_TEST_DATABASE_URL) {
  console.log(
    'note: BATON_TEST_DATABASE_URL is not set; the PostgreSQL variants of the store and queue tests are skipped',
  );
}
run('npx', ['vitest', 'run', ...process.argv.slice(2)]);
