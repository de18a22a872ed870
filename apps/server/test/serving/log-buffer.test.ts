import { describe, expect, it } from 'vitest';
import { decodeRecords, LogBuffer } from '../../src/serving/log-buffer.ts';
import type { LogRecord } from '../../src/serving/log-record.ts';

const record = (i: number, inputs = `[{"x":${i},"s":"é✓ 𝄞"}]`): LogRecord => [
  `id-${i}`,
  'dep',
  `req-${i}`,
  'v1',
  i % 2 ? 'canary' : 'primary',
  inputs,
  (i % 2) as 0 | 1,
  `[{"p":${i / 7}}]`,
  i + 0.125,
  1_700_000_000_000 + i,
];

describe('the prediction log buffer (records as bytes for the writer thread)', () => {
  it('hands records back exactly, in order, batch by batch', () => {
    const buffer = new LogBuffer();
    for (let i = 0; i < 10; i++) buffer.push(record(i));
    const first = buffer.take(4);
    expect(first.count).toBe(4);
    expect(decodeRecords(first.bytes)).toEqual([0, 1, 2, 3].map((i) => record(i)));
    expect(buffer.length).toBe(6);
    expect(decodeRecords(buffer.take(100).bytes)).toEqual([4, 5, 6, 7, 8, 9].map((i) => record(i)));
    expect(buffer.length).toBe(0);
    expect(buffer.take(5).count).toBe(0);
  });

  it('keeps the fields of a record apart even when a string holds a lone surrogate', () => {
    const buffer = new LogBuffer();
    buffer.push(record(1, '["\uD800x"]'));
    buffer.push(record(2));
    const [odd, next] = decodeRecords(buffer.take(2).bytes);
    expect(odd?.[5]).toBe('["\uFFFDx"]');
    expect(odd?.[7]).toBe(record(1)[7]);
    expect(next).toEqual(record(2));
  });

  it('drops the oldest, and puts a failed batch back in front', () => {
    const buffer = new LogBuffer();
    for (let i = 0; i < 5; i++) buffer.push(record(i));
    buffer.dropOldest();
    const batch = buffer.take(2);
    buffer.push(record(5));
    buffer.unshift(batch.bytes, 1);
    expect(decodeRecords(buffer.take(10).bytes).map((r) => r[0])).toEqual(['id-1', 'id-3', 'id-4', 'id-5']);
  });

  it('grows past its first megabyte and compacts while records come and go', () => {
    const buffer = new LogBuffer();
    const big = `[${'1.5,'.repeat(20_000)}0]`;
    let next = 0;
    let seen = 0;
    for (let round = 0; round < 40; round++) {
      for (let k = 0; k < 30; k++) buffer.push(record(next++, big));
      const out = decodeRecords(buffer.take(25).bytes);
      for (const r of out) expect(r[0]).toBe(`id-${seen++}`);
      expect(out[0]![5]).toBe(big);
    }
    expect(buffer.length).toBe(next - seen);
    const rest = decodeRecords(buffer.take(1000).bytes);
    expect(rest.map((r) => r[0])).toEqual(Array.from({ length: next - seen }, (_, k) => `id-${seen + k}`));
  });
});
