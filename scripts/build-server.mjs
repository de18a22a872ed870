// Bundles the server and CLI (with the workspace packages inlined) into one ES module.
// Third-party packages stay external: native addons and their loaders must not be bundled.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const workspaces = ['packages/ml', 'packages/contracts', 'packages/core', 'packages/sdk', 'apps/server'];
const external = new Set();
for (const ws of workspaces) {
  const pkg = JSON.parse(readFileSync(path.join(root, ws, 'package.json'), 'utf8'));
  for (const dep of Object.keys(pkg.dependencies ?? {})) if (!dep.startsWith('@baton/')) external.add(dep);
}

rmSync(path.join(root, 'apps/server/dist'), { recursive: true, force: true });
await build({
  // The training thread is its own entry: a worker thread loads it by file name.
  entryPoints: {
    baton: path.join(root, 'apps/server/src/main.ts'),
    'fit-worker': path.join(root, 'apps/server/src/training/fit-worker.ts'),
    'log-writer': path.join(root, 'apps/server/src/serving/log-writer-worker.ts'),
  },
  outdir: path.join(root, 'apps/server/dist'),
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  // Split so that `baton whoami` does not load what `baton up` needs.
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  external: [...external],
  logLevel: 'warning',
  // Bundled CommonJS helpers may call require(); give the ES module one.
  banner: {
    js: "import { createRequire as __batonRequire } from 'node:module'; const require = __batonRequire(import.meta.url);",
  },
});
console.log('built apps/server/dist/baton.js');
