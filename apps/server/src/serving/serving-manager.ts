import type { Services } from '@baton/core';
import type { Registry } from 'prom-client';
import { DeploymentServer, type DeploymentServerOptions } from './deployment-server.ts';
import { ServingMetrics } from './serving-metrics.ts';

/**
 * The deployments this process serves. `baton up` serves every deployment, each loaded on
 * its first request; `baton serve --deployment NAME` serves one, loaded before it is ready.
 */
export class ServingManager {
  readonly metrics: ServingMetrics;
  /** Predict requests the lean node:http listener answered (the rest went through Fastify). */
  leanRequests = 0;
  private readonly servers = new Map<string, Promise<DeploymentServer | null>>();
  /** The servers already started, for the predict path to find without awaiting. */
  private readonly started = new Map<string, DeploymentServer>();

  constructor(
    private readonly services: Services,
    registry: Registry,
    private readonly options: DeploymentServerOptions & { only?: string } = {},
  ) {
    this.metrics = new ServingMetrics(registry);
  }

  /** The running server of a deployment if it is started and still exists (no await, no start). */
  known(name: string): DeploymentServer | undefined {
    const server = this.started.get(name);
    return server?.deploymentId ? server : undefined;
  }

  /** The running server of a deployment, starting it on first use; null when none has the name. */
  async get(name: string): Promise<DeploymentServer | null> {
    if (this.options.only !== undefined && name !== this.options.only) return null;
    const known = this.servers.get(name);
    if (known) {
      const server = await known;
      // A deployment deleted since (or never found) is looked up afresh.
      if (server?.deploymentId) return server;
      this.servers.delete(name);
      this.started.delete(name);
      if (server) void server.close();
    }
    const starting = (async () => {
      const server = new DeploymentServer(name, this.services, this.metrics, this.options);
      if (await server.start()) return server;
      await server.close();
      return null;
    })();
    this.servers.set(name, starting);
    const server = await starting;
    if (!server) this.servers.delete(name);
    else if (this.servers.get(name) === starting) this.started.set(name, server);
    return server;
  }

  /** The server of a deployment if this process serves it already (never starts one). */
  async peek(name: string): Promise<DeploymentServer | null> {
    return (await this.servers.get(name)) ?? null;
  }

  async close(): Promise<void> {
    const servers = await Promise.all(this.servers.values());
    this.servers.clear();
    this.started.clear();
    await Promise.all(servers.map((s) => s?.close()));
  }
}
