#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../apps/server/dist/baton.js', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('baton: the server is not built yet; run `npm install` (or `npm run build`) first\n');
  process.exit(1);
}
await import(bundle);
