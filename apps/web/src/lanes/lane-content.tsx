import type { Lane, Project } from '@baton/contracts';
import { PlatformPage } from '../platform/platform-page.tsx';
import { useSignedIn } from '../session/session-context.tsx';
import { TeamPage } from '../team/team-page.tsx';
import { LanePlaceholder } from './lane-placeholder.tsx';

interface LaneContentProps {
  lane: Lane;
  project: Project;
  /** Asks the project page to reload the project, e.g. after the person's own roles changed. */
  onProjectChanged: () => void;
}

/** The page of one lane; lanes without pages yet say what they will hold. */
export function LaneContent({ lane, project, onProjectChanged }: LaneContentProps) {
  const { catalogue } = useSignedIn();
  switch (lane) {
    case 'team':
      return <TeamPage project={project} onProjectChanged={onProjectChanged} />;
    case 'platform':
      return <PlatformPage project={project} />;
    default:
      return <LanePlaceholder lane={lane} catalogue={catalogue} />;
  }
}
