import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from '../support/baton-process.ts';

const K8S = path.join(REPO_ROOT, 'deploy/k8s');

interface Container {
  args?: string[];
  readinessProbe?: { httpGet?: { path?: string } };
  envFrom?: { secretRef?: { name?: string } }[];
}
interface Manifest {
  kind: string;
  metadata: { name: string };
  spec?: { template?: { spec?: { containers?: Container[] } } };
}

const manifests = (): Manifest[] =>
  fs
    .readdirSync(K8S)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) =>
      parseAllDocuments(fs.readFileSync(path.join(K8S, f), 'utf8')).map((doc) => {
        expect(doc.errors, f).toEqual([]);
        return doc.toJS() as Manifest;
      }),
    );

describe('deploy/', () => {
  it('has Kubernetes manifests that parse: server, worker and serving replicas ready on model load', () => {
    const all = manifests();
    const byName = new Map(all.map((m) => [`${m.kind}/${m.metadata.name}`, m]));
    const container = (name: string) =>
      byName.get(`Deployment/${name}`)?.spec?.template?.spec?.containers?.[0];
    expect(container('baton-server')?.args).toEqual(['up', '--no-worker']);
    expect(container('baton-worker')?.args?.[0]).toBe('worker');
    const serving = container('baton-serve-credit-scorer');
    expect(serving?.args).toEqual(['serve', '--deployment', 'credit-scorer']);
    expect(serving?.readinessProbe?.httpGet?.path).toBe('/readyz');
    for (const name of ['baton-server', 'baton-worker', 'baton-serve-credit-scorer']) {
      expect(container(name)?.envFrom?.[0]?.secretRef?.name).toBe('baton');
    }
    expect(byName.has('Secret/baton')).toBe(true);
    expect(byName.has('HorizontalPodAutoscaler/baton-serve-credit-scorer')).toBe(true);
  });

  it('has a multi-stage Dockerfile on node:20-bookworm-slim that builds and runs `baton up`', () => {
    const dockerfile = fs.readFileSync(path.join(REPO_ROOT, 'deploy/Dockerfile'), 'utf8');
    expect(dockerfile.match(/^FROM node:20-bookworm-slim AS \w+$/gm)).toHaveLength(2);
    expect(dockerfile).toContain('RUN npm install');
    expect(dockerfile).toContain('npm run build');
    expect(dockerfile).toContain('ENTRYPOINT ["node", "bin/baton.js"]');
    expect(dockerfile).toContain('CMD ["up"]');
  });
});
