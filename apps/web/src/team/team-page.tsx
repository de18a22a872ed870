import type { Project } from '@baton/contracts';
import { useLocation } from '../router/history.ts';
import { PersonPage } from './person-page.tsx';
import { TeamOverview } from './team-overview.tsx';
import { personOf } from './team-paths.ts';
import './team.css';

interface TeamPageProps {
  project: Project;
  onProjectChanged: () => void;
}

/** The team lane: the overview with the health report, or one person's profile and role fit. */
export function TeamPage({ project, onProjectChanged }: TeamPageProps) {
  const { pathname } = useLocation();
  const person = personOf(pathname);
  return (
    <div className="team-stack">
      {person ? (
        <PersonPage key={person} project={project} username={person} />
      ) : (
        <TeamOverview project={project} onProjectChanged={onProjectChanged} />
      )}
    </div>
  );
}
