import { badRequest } from '../../errors.ts';

/** An opaque page token: the offset of the next page, base64url-encoded JSON. */
export const encodePageToken = (offset: number): string =>
  Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64url');

export function decodePageToken(token: string | undefined | null): number {
  if (!token) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset?: unknown };
    if (typeof parsed.offset === 'number' && Number.isSafeInteger(parsed.offset) && parsed.offset >= 0) {
      return parsed.offset;
    }
  } catch {
    // fall through
  }
  throw badRequest('invalid page token: pass the next_page_token of a previous answer unchanged', [
    { path: 'page_token', message: 'invalid page token' },
  ]);
}
