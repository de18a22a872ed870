import { TRACKING_LIMITS } from '@baton/contracts';
import { badRequest } from '../errors.ts';

// MLflow's rule: alphanumerics, underscores, dashes, periods, spaces and slashes, and a key
// must not be a path that climbs out ('..' segments) or starts at the root.
const KEY = /^[/\w.\- ]+$/;

export function assertKey(kind: string, key: unknown): string {
  if (typeof key !== 'string' || key.length === 0) throw badRequest(`${kind} key must be a non-empty string`);
  if (key.length > TRACKING_LIMITS.keyLength) {
    throw badRequest(
      `${kind} key '${key.slice(0, 40)}...' has ${key.length} characters, more than the limit of ${TRACKING_LIMITS.keyLength}`,
    );
  }
  if (!KEY.test(key)) {
    throw badRequest(
      `invalid ${kind} key '${key.slice(0, 80)}': use only letters, digits, underscores (_), dashes (-), periods (.), spaces ( ) and slashes (/)`,
    );
  }
  if (key.startsWith('/') || key.split('/').some((part) => part === '..' || part === '.')) {
    throw badRequest(
      `invalid ${kind} key '${key.slice(0, 80)}': it must be a relative path without '.' or '..' parts`,
    );
  }
  return key;
}

export function assertValue(kind: string, key: string, value: unknown, limit: number): string {
  if (typeof value !== 'string') throw badRequest(`${kind} '${key}' must have a string value`);
  if (value.length > limit) {
    throw badRequest(
      `${kind} '${key}' has a value of ${value.length} characters, more than the limit of ${limit}`,
    );
  }
  return value;
}

/** A metric value given as a number or as "NaN" / "Infinity" / "-Infinity". */
export function metricNumber(key: string, value: unknown): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return Number(value);
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  throw badRequest(`metric '${key}' has value ${JSON.stringify(value)?.slice(0, 60)}, which is not a number`);
}

export function integerOf(what: string, value: unknown, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n))
    throw badRequest(`${what} must be an integer, got ${JSON.stringify(value)?.slice(0, 40)}`);
  return n;
}

/**
 * A run-relative artifact path, normalised: `/`-separated, no empty, `.` or `..` parts, no
 * backslashes or NUL. Traversal is refused, never resolved.
 */
export function artifactPath(raw: string, { allowRoot = false } = {}): string {
  const trimmed = raw.replace(/^\/+|\/+$/g, '');
  if (trimmed === '') {
    if (allowRoot) return '';
    throw badRequest('an artifact path is required');
  }
  if (trimmed.length > 1000) throw badRequest('an artifact path has at most 1000 characters');
  if (/[\\\0]/.test(trimmed) || (raw.startsWith('/') && !allowRoot)) {
    throw badRequest(`invalid artifact path '${raw.slice(0, 100)}': use a relative path with '/' separators`);
  }
  const parts = trimmed.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw badRequest(
      `invalid artifact path '${raw.slice(0, 100)}': '.', '..' and empty parts are not allowed`,
    );
  }
  return parts.join('/');
}
