import type { RoleCatalogue } from '@baton/contracts';
import type { TeamPerson } from './coverage.ts';
import { rankRoles } from './rank-roles.ts';

/** Below this score a person is not suggested for a role: the fit says too little. */
export const SUGGESTION_MIN_SCORE = 20;

export interface Suggestion {
  username: string;
  displayName: string;
  score: number;
}

/** Every member's role fit, computed once, to suggest who could take on a role. */
export interface FitIndex {
  score(username: string, role: string): number;
  /** The member who fits `role` best among those not holding it (nor excluded), if any fits enough. */
  bestFor(role: string, exclude?: readonly string[]): Suggestion | undefined;
}

export function buildFitIndex(catalogue: RoleCatalogue, people: readonly TeamPerson[]): FitIndex {
  const scores = new Map<string, Map<string, number>>();
  for (const person of people) {
    const { ranking } = rankRoles(catalogue, { skills: person.skills, background: person.background });
    scores.set(person.username, new Map(ranking.map((fit) => [fit.role, fit.score])));
  }
  const score = (username: string, role: string) => scores.get(username)?.get(role) ?? 0;
  return {
    score,
    bestFor(role, exclude = []) {
      let best: Suggestion | undefined;
      for (const person of people) {
        if (person.roles.includes(role) || exclude.includes(person.username)) continue;
        const s = score(person.username, role);
        if (s >= SUGGESTION_MIN_SCORE && (!best || s > best.score)) {
          best = { username: person.username, displayName: person.displayName, score: s };
        }
      }
      return best;
    },
  };
}

/** `Sara (fit 62)` for a suggestion in a sentence. */
export const suggested = (s: Suggestion): string =>
  `${s.displayName || s.username} (role fit ${Math.round(s.score)})`;
