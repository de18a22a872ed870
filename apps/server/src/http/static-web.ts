import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { problemOf, sendProblem, shortPath } from './problem.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves the built web UI: files under `webRoot`, and index.html for any other page path so
 * the single-page app can route it. API paths never fall through to the page.
 */
export function installStaticWeb(app: FastifyInstance, webRoot: string): void {
  const root = path.resolve(webRoot);
  const indexFile = path.join(root, 'index.html');
  app.get('/*', { config: { access: { kind: 'public' } } }, async (request, reply) => {
    let urlPath: string;
    try {
      urlPath = decodeURIComponent((request.params as { '*': string })['*'] ?? '');
    } catch {
      return sendProblem(reply, problemOf('bad_request', 'the path is not valid percent-encoding', request));
    }
    if (urlPath.startsWith('api/')) {
      return sendProblem(
        reply,
        problemOf('route_not_found', `no endpoint GET ${shortPath(request.url)}`, request),
      );
    }
    const file = path.resolve(root, urlPath);
    const inside = file === root || file.startsWith(root + path.sep);
    if (inside && urlPath !== '' && fs.existsSync(file) && fs.statSync(file).isFile()) {
      const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
      // Vite puts content hashes in asset names, so they never change under the same name.
      if (urlPath.startsWith('assets/')) reply.header('cache-control', 'public, max-age=31536000, immutable');
      return reply.type(type).send(fs.createReadStream(file));
    }
    if (!fs.existsSync(indexFile)) {
      return reply
        .type('text/plain; charset=utf-8')
        .code(503)
        .send('The Baton web UI is not built. Run `npm run build`; the API is at /api/docs.');
    }
    reply.header('cache-control', 'no-cache');
    return reply.type(TYPES['.html']!).send(fs.createReadStream(indexFile));
  });
}
