import type { LogRecord } from './log-record.ts';

/** String fields of a record, in the order they are encoded. */
const STRINGS = [0, 1, 2, 3, 4, 5, 7] as const;
/** Text byte count, one UTF-16 length per string, the body flag, latency and time. */
const HEADER_BYTES = 4 + 4 * STRINGS.length + 1 + 16;

/**
 * Encodes one record after `at`: a header (the text's UTF-8 byte count, each string's
 * length in UTF-16 units, the body flag, latency and time as float64), then the strings
 * joined as one UTF-8 text, written in one call (a call per field cost twice as much).
 * Returns where the record ends.
 */
function encode(buf: Buffer, at: number, r: LogRecord): number {
  let p = at + 4;
  for (const i of STRINGS) {
    buf.writeUInt32LE(r[i].length, p);
    p += 4;
  }
  buf[p++] = r[6];
  buf.writeDoubleLE(r[8], p);
  buf.writeDoubleLE(r[9], p + 8);
  p += 16;
  const n = buf.write(r[0] + r[1] + r[2] + r[3] + r[4] + r[5] + r[7], p);
  buf.writeUInt32LE(n, at);
  return p + n;
}

/** The records encoded in `bytes`, in order. */
export function decodeRecords(bytes: Uint8Array): LogRecord[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: LogRecord[] = [];
  const lengths = new Array<number>(STRINGS.length);
  let p = 0;
  while (p < buf.length) {
    const n = buf.readUInt32LE(p);
    p += 4;
    for (let i = 0; i < STRINGS.length; i++) {
      lengths[i] = buf.readUInt32LE(p);
      p += 4;
    }
    const fromBody = buf[p++] === 1 ? 1 : 0;
    const latency = buf.readDoubleLE(p);
    const created = buf.readDoubleLE(p + 8);
    p += 16;
    // UTF-8 round trips keep UTF-16 lengths (a lone surrogate becomes one U+FFFD).
    const text = buf.toString('utf8', p, p + n);
    p += n;
    let at = 0;
    const next = (i: number) => {
      const s = text.slice(at, at + lengths[i]!);
      at += lengths[i]!;
      return s;
    };
    const id = next(0);
    const deploymentId = next(1);
    const requestId = next(2);
    const versionId = next(3);
    const variant = next(4);
    const inputs = next(5);
    const outputs = next(6);
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
    let need = HEADER_BYTES;
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
