import type { IncomingMessage, ServerResponse } from 'node:http';
import { PROBLEM_CONTENT_TYPE } from '@baton/contracts';
import { ServiceError } from '@baton/core';
import type { Logger } from 'pino';
import type { Counter, Histogram, Registry } from 'prom-client';
import { problemFromError, statusOf } from '../http/problem.ts';
import { requestIdOf, SECURITY_HEADERS } from '../http/response-headers.ts';
import type { DeploymentServer } from './deployment-server.ts';
import { invalidJson } from './parse-payload.ts';
import type { PredictGate } from './predict-gate.ts';

/** The route pattern the HTTP metrics count predict calls under (as Fastify names it). */
export const PREDICT_ROUTE = '/serve/:deployment/predict';
const PREDICT_PATH = /^\/serve\/([a-z0-9][a-z0-9-]{1,62})\/predict(?:\?|$)/;
const PROBLEM_TYPE = `${PROBLEM_CONTENT_TYPE}; charset=utf-8`;
const JSON_TYPE = /^application\/json\s*(?:;|$)/i;

export interface PredictListenerOptions {
  gate: PredictGate;
  logger: Logger;
  /** The registry holding `baton_http_requests_total` and its latency histogram. */
  registry: Registry;
  bodyLimit: number;
  /** Log one line per request, at a level following the status (as `baton up` does). */
  logRequests: boolean;
  /** Told of every request the listener takes. */
  onTaken?: () => void;
}

interface Call {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly name: string;
  readonly id: string;
  readonly url: string;
  readonly started: number;
  server?: DeploymentServer;
}

/**
 * The lean path for `POST /serve/{deployment}/predict`: a node:http `request` listener that
 * answers predict calls before Fastify's routing, hooks and reply machinery, with the same
 * authentication, validation, problem+json errors, request ids, body limit, metrics and
 * request log as the Fastify route. Returns false for any request it leaves to Fastify
 * (another path or method, a body that is not JSON, a browser session without a token).
 */
export function createPredictListener(
  options: PredictListenerOptions,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const { gate, logger, bodyLimit } = options;
  const requests = options.registry.getSingleMetric('baton_http_requests_total') as
    | Counter<'method' | 'route' | 'status'>
    | undefined;
  const latency = options.registry.getSingleMetric('baton_http_request_duration_seconds') as
    | Histogram<'method' | 'route'>
    | undefined;
  const latencyChild = latency?.labels({ method: 'POST', route: PREDICT_ROUTE });
  const byStatus = new Map<number, { inc(): void }>();
  const count = (status: number) => {
    let child = byStatus.get(status);
    if (!child) {
      child = requests?.labels({ method: 'POST', route: PREDICT_ROUTE, status: String(status) }) ?? {
        inc() {},
      };
      byStatus.set(status, child);
    }
    child.inc();
  };

  const finish = (call: Call, status: number) => {
    const seconds = (performance.now() - call.started) / 1000;
    count(status);
    latencyChild?.observe(seconds);
    if (!options.logRequests) return;
    const level =
      status >= 500 ? 'error' : status >= 400 && status !== 401 && status !== 404 ? 'warn' : 'info';
    if (!logger.isLevelEnabled(level)) return;
    const ms = Math.round(seconds * 10000) / 10;
    const line = { reqId: call.id, method: 'POST', url: call.url, status, ms };
    const message = status >= 500 ? 'request failed' : status >= 400 ? 'request rejected' : 'request';
    logger[level](line, level === 'info' ? 'request' : message);
  };

  const answer = (call: Call, json: string) => {
    const { res } = call;
    res.writeHead(200, [
      'content-type',
      'application/json; charset=utf-8',
      'content-length',
      String(Buffer.byteLength(json)),
      'x-request-id',
      call.id,
      'x-baton-deployment',
      call.name,
      ...SECURITY_HEADERS,
    ]);
    res.end(json);
    finish(call, 200);
  };

  const fail = (call: Call, error: unknown, close = false) => {
    const problem = problemFromError(error, call);
    if (problem.status >= 500) logger.error({ err: error, reqId: call.id }, 'unhandled error');
    const body = JSON.stringify(problem);
    const { res } = call;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const headers = [
      'content-type',
      PROBLEM_TYPE,
      'content-length',
      String(Buffer.byteLength(body)),
      'x-request-id',
      call.id,
      ...SECURITY_HEADERS,
    ];
    if (call.server) headers.push('x-baton-deployment', call.name);
    if (close) headers.push('connection', 'close');
    res.writeHead(problem.status, headers);
    res.end(body);
    finish(call, problem.status);
  };

  const serve = async (call: Call, text: string) => {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      fail(call, invalidJson(error, text));
      return;
    }
    const authorization = call.req.headers.authorization;
    let server: DeploymentServer;
    try {
      server = gate.fast(call.name, authorization) ?? (await gate.admit(call.name, authorization));
    } catch (error) {
      fail(call, error);
      return;
    }
    call.server = server;
    let json: string;
    try {
      json = (await server.predict(body, call.id, call.started, text)).json;
    } catch (error) {
      server.recordError(error instanceof ServiceError ? statusOf(error.code) : 500, call.started);
      fail(call, error);
      return;
    }
    answer(call, json);
  };

  const tooLarge = (call: Call) =>
    fail(
      call,
      new ServiceError('payload_too_large', 'the request body is larger than this endpoint accepts'),
      true,
    );

  return (req, res) => {
    if (req.method !== 'POST') return false;
    const url = req.url ?? '';
    const match = PREDICT_PATH.exec(url);
    if (!match) return false;
    const type = req.headers['content-type'];
    if (type === undefined || !JSON_TYPE.test(type)) return false;
    if (req.headers.authorization === undefined && req.headers.cookie !== undefined) return false;
    options.onTaken?.();
    const call: Call = {
      req,
      res,
      name: match[1]!,
      id: requestIdOf(req),
      url,
      started: performance.now(),
    };
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > bodyLimit) {
      tooLarge(call);
      req.resume();
      return true;
    }
    let first: Buffer | undefined;
    let rest: Buffer[] | undefined;
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > bodyLimit) {
        refused = true;
        tooLarge(call);
        return;
      }
      if (first === undefined) first = chunk;
      else if (rest === undefined) rest = [first, chunk];
      else rest.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      const bytes = rest ? Buffer.concat(rest) : first;
      const text = bytes ? bytes.toString('utf8') : '';
      serve(call, text).catch((error: unknown) => fail(call, error));
    });
    return true;
  };
}
