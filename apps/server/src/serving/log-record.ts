import type { PredictionLogRow } from '@baton/core';

/**
 * One prediction as the log queue holds it, compact and cheap to build on the request path:
 * [id, deployment_id, request_id, model_version_id, variant, inputs, inputsAreBody,
 *  outputs_json, latency_ms, created_at]. `inputs` is the JSON text of the inputs, or (when
 * `inputsAreBody` is 1) the raw request body whose single field holds them, so that the
 * request path never serialises the payload again; the writer extracts them.
 */
export type LogRecord = [
  id: string,
  deploymentId: string,
  requestId: string,
  versionId: string,
  variant: string,
  inputs: string,
  inputsAreBody: 0 | 1,
  outputsJson: string,
  latencyMs: number,
  createdAt: number,
];

const SINGLE_FIELD = /^\s*\{\s*"(?:records|columns|inputs)"\s*:\s*/;
const QUOTE = 34;
const BACKSLASH = 92;

/**
 * Where the JSON value starting at `from` ends in `text`, which is known to be valid JSON;
 * only strings and nesting need following.
 */
function valueEnd(text: string, from: number): number {
  let depth = 0;
  let i = from;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === BACKSLASH) i++;
        else if (s === QUOTE) break;
      }
      if (depth === 0) return i + 1;
    } else if (c === 91 || c === 123) depth++;
    else if (c === 93 || c === 125) {
      depth--;
      if (depth === 0) return i + 1;
      if (depth < 0) return i;
    } else if (depth === 0 && (c === 44 || c === 32 || c === 10 || c === 13 || c === 9)) return i;
  }
  return i;
}

/**
 * The JSON text of the inputs a predict body carries (its `records`, `columns` or `inputs`):
 * sliced out of the body when the body is that one field (the usual case, no parsing),
 * else parsed and serialised again.
 */
export function inputsJsonOf(record: LogRecord): string {
  if (record[6] === 0) return record[5];
  const text = record[5];
  const head = SINGLE_FIELD.exec(text);
  if (head) {
    const start = head[0].length;
    const end = valueEnd(text, start);
    if (/^\s*\}\s*$/.test(text.slice(end))) return text.slice(start, end);
  }
  const body = JSON.parse(text) as Record<string, unknown>;
  return JSON.stringify(body.records ?? body.columns ?? body.inputs ?? null);
}

/** The table row of a queued record. */
export const logRowOf = (r: LogRecord): PredictionLogRow => ({
  id: r[0],
  deployment_id: r[1],
  request_id: r[2],
  model_version_id: r[3],
  variant: r[4],
  inputs_json: inputsJsonOf(r),
  outputs_json: r[7],
  latency_ms: r[8],
  created_at: r[9],
});
