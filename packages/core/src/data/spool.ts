import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ServiceError } from '../errors.ts';
import { FILE_BUFFER_BYTES } from '../file-buffers.ts';
import { DATA_WORK_DIR } from './duckdb.ts';

/** A file spooled to the work folder, with what was learnt on the way in. */
export interface SpooledFile {
  path: string;
  bytes: number;
  /** The first bytes (up to 64 KiB), for format detection. */
  head: Buffer;
  /** The last 4 bytes (Parquet ends with `PAR1`). */
  tail: Buffer;
  /** `utf-8` when every byte decoded, `utf-16` on a UTF-16 byte-order mark, else `invalid`. */
  encoding: 'utf-8' | 'utf-16' | 'invalid';
  /** Where the first undecodable byte sequence starts, when `encoding` is `invalid`. */
  invalidAt: number | null;
  remove(): Promise<void>;
}

const HEAD_BYTES = 64 * 1024;

/** A fresh path in the work folder; the caller removes it. */
export async function workFile(suffix: string): Promise<string> {
  await mkdir(DATA_WORK_DIR, { recursive: true });
  return path.join(DATA_WORK_DIR, `${randomUUID()}${suffix}`);
}

/**
 * Streams `source` into a temp file, in bounded memory, counting bytes (refusing past
 * `maxBytes`) and checking UTF-8 on the way. On any failure (a client that disconnects half
 * way included) the partial file is removed before the error propagates.
 */
export async function spool(
  source: Readable | AsyncIterable<Uint8Array>,
  maxBytes: number,
): Promise<SpooledFile> {
  const file = await workFile('.upload');
  let bytes = 0;
  const headParts: Buffer[] = [];
  let headBytes = 0;
  let tail = Buffer.alloc(0);
  let carry = Buffer.alloc(0);
  let utf16 = false;
  let invalidAt: number | null = null;
  let checked = 0;

  const inspect = (chunk: Buffer) => {
    if (headBytes < HEAD_BYTES) {
      headParts.push(chunk.subarray(0, HEAD_BYTES - headBytes));
      headBytes += Math.min(chunk.length, HEAD_BYTES - headBytes);
    }
    tail = Buffer.concat([tail, chunk.subarray(Math.max(0, chunk.length - 4))]).subarray(-4);
    if (
      bytes === 0 &&
      chunk.length >= 2 &&
      ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))
    ) {
      utf16 = true;
    }
    if (utf16 || invalidAt !== null) return;
    const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const cut = completeLength(data);
    const whole = data.subarray(0, cut);
    if (!isUtf8(whole)) invalidAt = checked + firstInvalid(whole);
    checked += cut;
    carry = Buffer.from(data.subarray(cut));
  };

  try {
    await pipeline(
      source,
      async function* (chunks: AsyncIterable<Buffer | Uint8Array | string>) {
        for await (const raw of chunks) {
          const chunk =
            typeof raw === 'string'
              ? Buffer.from(raw)
              : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
          if (bytes + chunk.length > maxBytes) {
            throw new ServiceError(
              'payload_too_large',
              `the file is larger than the limit of ${maxBytes} bytes`,
            );
          }
          inspect(chunk);
          bytes += chunk.length;
          yield chunk;
        }
      },
      createWriteStream(file, { flags: 'wx', highWaterMark: FILE_BUFFER_BYTES }),
    );
  } catch (error) {
    await rm(file, { force: true });
    if (error instanceof ServiceError) throw error;
    // The client went away or the stream broke: nothing was kept.
    throw new ServiceError('bad_request', `the upload was cut off after ${bytes} bytes; nothing was stored`);
  }
  if (!utf16 && invalidAt === null && carry.length > 0) invalidAt = checked;
  return {
    path: file,
    bytes,
    head: Buffer.concat(headParts),
    tail,
    encoding: utf16 ? 'utf-16' : invalidAt === null ? 'utf-8' : 'invalid',
    invalidAt,
    remove: () => rm(file, { force: true }),
  };
}

/** The length of `buf` without a multi-byte sequence cut off at its end. */
function completeLength(buf: Buffer): number {
  for (let i = buf.length - 1; i >= Math.max(0, buf.length - 4); i--) {
    const b = buf[i] ?? 0;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return buf.length - i < need ? i : buf.length;
  }
  return buf.length;
}

/** The offset of the first byte that does not start a well-formed UTF-8 sequence. */
function firstInvalid(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i] ?? 0;
    const need =
      b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (need === 0) return i;
    for (let k = 1; k < need; k++) if (((buf[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    if (!isUtf8(buf.subarray(i, i + need))) return i;
    i += need;
  }
  return buf.length;
}
