import { MlError } from '../errors.ts';

/** One decoded field: a varint (as bigint), a fixed-width value's bytes, or a length-delimited slice. */
export type ProtoField =
  | { readonly field: number; readonly wire: 0; readonly value: bigint }
  | { readonly field: number; readonly wire: 1 | 5; readonly bytes: Uint8Array }
  | { readonly field: number; readonly wire: 2; readonly bytes: Uint8Array };

/**
 * Splits one protocol-buffers message into its fields, without a schema. Throws
 * `invalid_onnx` on truncated or malformed input; the ONNX reader builds on this.
 *
 * ```ts
 * for (const f of readProtoFields(bytes)) if (f.field === 7 && f.wire === 2) graphBytes = f.bytes;
 * ```
 */
export function readProtoFields(bytes: Uint8Array): ProtoField[] {
  const fields: ProtoField[] = [];
  let pos = 0;
  const fail = (why: string): never => {
    throw new MlError('invalid_onnx', `Not a valid ONNX protobuf: ${why} at byte ${pos}`);
  };
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= bytes.length) fail('truncated varint');
      const b = bytes[pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 63n) fail('varint too long');
    }
  };
  while (pos < bytes.length) {
    const key = varint();
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (field === 0) fail('field number 0');
    if (wire === 0) {
      fields.push({ field, wire, value: varint() });
    } else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      if (pos + size > bytes.length) fail('truncated fixed-width field');
      fields.push({ field, wire, bytes: bytes.subarray(pos, pos + size) });
      pos += size;
    } else if (wire === 2) {
      const size = Number(varint());
      if (size < 0 || pos + size > bytes.length) fail('truncated length-delimited field');
      fields.push({ field, wire, bytes: bytes.subarray(pos, pos + size) });
      pos += size;
    } else {
      fail(`unsupported wire type ${wire}`);
    }
  }
  return fields;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** The UTF-8 text of a length-delimited field. */
export function fieldText(f: ProtoField): string {
  return f.wire === 2 ? utf8.decode(f.bytes) : '';
}

/** The integer value of a varint field (int64 read as two's complement). */
export function fieldInt(f: ProtoField): number {
  return f.wire === 0 ? Number(BigInt.asIntN(64, f.value)) : 0;
}
