import type { LogRecord } from './log-record.ts';

/** String fields of a record, in the order they are encoded. */
const STRINGS = [0, 1, 2, 3, 4, 5] as const;
const FIXED_BYTES = 4 * 7 + 1 + 16;

/**
 * Encodes one record after `at`: six length-prefixed UTF-8 strings, the body flag, the
 * outputs string, latency and time as float64. Returns where the record ends.
 */
function encode(buf: Buffer, at: number, r: LogRecord): number {
  let p = at;
  for (const i of STRINGS) {
    const n = buf.write(r[i], p + 4);
    buf.writeUInt32LE(n, p);
    p += 4 + n;
  }
  buf[p++] = r[6];
  const n = buf.write(r[7], p + 4);
  buf.writeUInt32LE(n, p);
  p += 4 + n;
  buf.writeDoubleLE(r[8], p);
  buf.writeDoubleLE(r[9], p + 8);
  return p + 16;
}

/** The records encoded in `bytes`, in order. */
export function decodeRecords(bytes: Uint8Array): LogRecord[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: LogRecord[] = [];
  let p = 0;
  const text = () => {
    const n = buf.readUInt32LE(p);
    const s = buf.toString('utf8', p + 4, p + 4 + n);
    p += 4 + n;
    return s;
  };
  while (p < buf.length) {
    const id = text();
    const deploymentId = text();
    const requestId = text();
    const versionId = text();
    const variant = text();
    const inputs = text();
    const fromBody = buf[p++] === 1 ? 1 : 0;
    const outputs = text();
    const latency = buf.readDoubleLE(p);
    const created = buf.readDoubleLE(p + 8);
    p += 16;
    out.push([id, deploymentId, requestId, versionId, variant, inputs, fromBody, outputs, latency, created]);
  }
  return out;
}

/**
 * The log queue's memory: records encoded back to back in one growing byte buffer, so the
 * request path leaves no objects behind for the garbage collector and a batch goes to the
 * writer thread as one block of bytes instead of a structured clone of many strings.
 */
export class LogBuffer {
  private buf = Buffer.allocUnsafe(1 << 20);
  /** End offset (logical) of every record from `head` on; logical = physical + origin. */
  private ends: number[] = [];
  private head = 0;
  private origin = 0;
  private start = 0;
  private end = 0;

  get length(): number {
    return this.ends.length - this.head;
  }

  push(record: LogRecord): void {
    let need = FIXED_BYTES + record[7].length * 3;
    for (const i of STRINGS) need += record[i].length * 3;
    this.reserve(need);
    this.end = encode(this.buf, this.end - this.origin, record) + this.origin;
    this.ends.push(this.end);
  }

  /** Forgets the oldest record. */
  dropOldest(): void {
    if (this.length === 0) return;
    this.start = this.ends[this.head++]!;
    this.settle();
  }

  /** Removes the oldest `max` records (at most) and returns them encoded, with their count. */
  take(max: number): { bytes: Uint8Array; count: number } {
    const count = Math.min(max, this.length);
    if (count === 0) return { bytes: new Uint8Array(0), count };
    const to = this.ends[this.head + count - 1]!;
    const bytes = new Uint8Array(this.buf.subarray(this.start - this.origin, to - this.origin));
    this.head += count;
    this.start = to;
    this.settle();
    return { bytes, count };
  }

  /** Puts records taken earlier back in front (a write that failed), keeping at most `keep` of them. */
  unshift(bytes: Uint8Array, keep: number): void {
    const records = decodeRecords(bytes).slice(0, Math.max(0, keep));
    const rest = decodeRecords(this.buf.subarray(this.start - this.origin, this.end - this.origin));
    this.ends = [];
    this.head = 0;
    this.origin = 0;
    this.start = 0;
    this.end = 0;
    for (const r of [...records, ...rest]) this.push(r);
  }

  private settle(): void {
    if (this.length === 0) {
      // Give back the memory a backlog took.
      if (this.buf.length > 8 << 20) this.buf = Buffer.allocUnsafe(1 << 20);
      this.ends = [];
      this.head = 0;
      this.origin = this.end;
      this.start = this.end;
    } else if (this.head > 4096 && this.head * 2 > this.ends.length) {
      this.ends = this.ends.slice(this.head);
      this.head = 0;
    }
  }

  private reserve(need: number): void {
    const used = this.end - this.start;
    if (this.end - this.origin + need <= this.buf.length) return;
    // Move the live records to the front; grow when they and the new one still do not fit.
    let target = this.buf;
    if (used + need > this.buf.length) {
      let size = this.buf.length * 2;
      while (used + need > size) size *= 2;
      target = Buffer.allocUnsafe(size);
    }
    this.buf.copy(target, 0, this.start - this.origin, this.end - this.origin);
    this.buf = target;
    this.origin = this.start;
  }
}
