import type { HealthFinding, ProfileChange, TeamHealthReport } from '@baton/contracts';
import { expect } from 'vitest';
import { createTestProject, type TestApp, type TestUser } from '../support/test-app.ts';

/** One person of a project set-up: roles and, when given, a profile. */
export interface Seat {
  roles: string[];
  profile?: ProfileChange;
}

export interface TeamProject {
  id: string;
  slug: string;
  /** The creator's token: the project admin, who manages the team. */
  ownerToken: string;
  /** A viewer of the project, to read what everyone in it may read. */
  viewer: TestUser;
  people: TestUser[];
  t: TestApp;
}

/** A project with a real team: users, memberships and profiles, all through the API. */
export async function teamProject(t: TestApp, seats: Seat[]): Promise<TeamProject> {
  const project = await createTestProject(t);
  const viewer = await t.userWithRoles(project, ['viewer']);
  const people: TestUser[] = [];
  for (const seat of seats) {
    const person = await t.userWithRoles(project, seat.roles);
    if (seat.profile) await setProfile({ ...project, t }, person.username, seat.profile);
    people.push(person);
  }
  return { ...project, viewer, people, t };
}

export async function setProfile(
  p: { slug: string; ownerToken: string; t: TestApp },
  username: string,
  profile: ProfileChange,
): Promise<void> {
  const res = await p.t.call('PATCH', `/api/v1/projects/${p.slug}/people/${username}`, {
    token: p.ownerToken,
    body: profile,
  });
  expect(res.statusCode, res.body).toBe(200);
}

export async function setRoles(p: TeamProject, username: string, roles: string[]): Promise<void> {
  const res = await p.t.call('PUT', `/api/v1/projects/${p.slug}/members/${username}`, {
    token: p.ownerToken,
    body: { roles },
  });
  expect(res.statusCode, res.body).toBe(200);
}

export async function addPerson(p: TeamProject, roles: string[], profile?: ProfileChange): Promise<TestUser> {
  const person = await p.t.user();
  await setRoles(p, person.username, roles);
  if (profile) await setProfile(p, person.username, profile);
  p.people.push(person);
  return person;
}

export async function changeSettings(p: TeamProject, change: Record<string, unknown>): Promise<void> {
  const res = await p.t.call('PATCH', `/api/v1/projects/${p.slug}/team/settings`, {
    token: p.ownerToken,
    body: change,
  });
  expect(res.statusCode, res.body).toBe(200);
}

/** The health report as a viewer of the project reads it. */
export async function health(p: TeamProject): Promise<TeamHealthReport> {
  const res = await p.t.call('GET', `/api/v1/projects/${p.slug}/team/health`, { token: p.viewer.token });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

export const findings = (report: TeamHealthReport, code: HealthFinding['code']): HealthFinding[] =>
  report.findings.filter((f) => f.code === code);

/** Every team role of the shipped catalogue held by someone; nobody holds more than two. */
export const FULL_TEAM: Seat[] = [
  { roles: ['product-owner', 'product-manager'], profile: { background: 'product/business' } },
  { roles: ['data-engineer'], profile: { background: 'data analyst' } },
  { roles: ['data-scientist', 'ml-researcher'], profile: { background: 'researcher/PhD' } },
  { roles: ['ml-engineer', 'mlops-engineer'], profile: { background: 'software developer' } },
  { roles: ['devops-engineer'], profile: { background: 'software developer' } },
  { roles: ['ai-ethicist'], profile: { background: 'ethics/policy' } },
];

/** The full team without the seats holding one of `roles`. */
export const withoutRoles = (roles: string[]): Seat[] =>
  FULL_TEAM.filter((seat) => !seat.roles.some((r) => roles.includes(r)));
