// `npm start`: build, then start Baton on the embedded default (SQLite and a local folder
// under ./.baton) with the demo project. Extra arguments go to `baton up`.
import { spawn, spawnSync } from 'node:child_process';

const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const args = process.argv.slice(2);
const child = spawn(process.execPath, ['bin/baton.js', 'up', '--demo', ...args], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
