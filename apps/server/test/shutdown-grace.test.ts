import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { closeWithin } from '../src/runtime.ts';
import { startTestApp, type TestApp } from './support/test-app.ts';

describe('shutdown with a request that never finishes', () => {
  let t: TestApp | undefined;
  afterAll(async () => {
    await t?.runtime.close();
  });

  it('cuts the stalled connection after the grace period and closes', async () => {
    t = await startTestApp();
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const port = (t.app.server.address() as AddressInfo).port;
    // Headers and half a body: the request stays in flight until the client sends the rest.
    const socket = net.connect(port, '127.0.0.1');
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => {});
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"user',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await closeWithin(t.app, 300);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(5_000);
    await closed;
    expect(socket.destroyed).toBe(true);
  });
});
