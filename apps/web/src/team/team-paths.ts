import { paths } from '../router/routes.ts';

/** The profile page of a member: `/p/<project>/team/people/<username>`. */
export const personPath = (slug: string, username: string): string =>
  `${paths.lane(slug, 'team')}/people/${encodeURIComponent(username)}`;

/** The username of the profile the path shows, or null for the team overview. */
export function personOf(pathname: string): string | null {
  const parts = pathname.split('/').filter(Boolean);
  if (parts[2] !== 'team' || parts[3] !== 'people' || parts[4] === undefined) return null;
  return decodeURIComponent(parts[4]);
}
