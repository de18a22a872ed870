import { type Lane, laneSchema } from '@baton/contracts';

/** Every page of the app, parsed from the URL path. */
export type Route =
  | { page: 'login' }
  | { page: 'projects' }
  | { page: 'project'; slug: string; lane: Lane | null }
  | { page: 'roles' }
  | { page: 'not-found'; path: string };

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { page: 'projects' };
  if (parts[0] === 'login' && parts.length === 1) return { page: 'login' };
  if (parts[0] === 'projects' && parts.length === 1) return { page: 'projects' };
  if (parts[0] === 'roles' && parts.length === 1) return { page: 'roles' };
  // A person's profile lives in the team lane, which reads the rest of the path itself.
  if (
    parts[0] === 'p' &&
    parts[1] &&
    parts[2] === 'team' &&
    parts[3] === 'people' &&
    parts[4] &&
    parts.length === 5
  )
    return { page: 'project', slug: parts[1], lane: 'team' };
  if (parts[0] === 'p' && parts[1] && parts.length <= 3) {
    if (parts[2] === undefined) return { page: 'project', slug: parts[1], lane: null };
    const lane = laneSchema.safeParse(parts[2]);
    if (lane.success) return { page: 'project', slug: parts[1], lane: lane.data };
  }
  return { page: 'not-found', path: pathname };
}

export const paths = {
  login: (next?: string) => (next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login'),
  projects: () => '/projects',
  roles: () => '/roles',
  project: (slug: string) => `/p/${encodeURIComponent(slug)}`,
  lane: (slug: string, lane: Lane) => `/p/${encodeURIComponent(slug)}/${lane}`,
};

/** Only same-app paths are followed after sign-in, never another site. */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : paths.projects();
}
