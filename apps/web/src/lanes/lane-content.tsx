import type { Lane, Project } from '@baton/contracts';
import { DataPage } from '../data/data-page.tsx';
import { PlatformPage } from '../platform/platform-page.tsx';
import { RegistryPage } from '../registry/registry-page.tsx';
import { ServingPage } from '../serving/serving-page.tsx';
import { useSignedIn } from '../session/session-context.tsx';
import { TeamPage } from '../team/team-page.tsx';
import { TrackingPage } from '../tracking/tracking-page.tsx';
import { TrainingPage } from '../training/training-page.tsx';
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
    case 'data':
      return <DataPage project={project} />;
    case 'platform':
      return <PlatformPage project={project} />;
    case 'tracking':
      return <TrackingPage project={project} />;
    case 'serving':
      return <ServingPage project={project} />;
    case 'training':
      return <TrainingPage project={project} />;
    case 'registry':
      return <RegistryPage project={project} />;
    default:
      return <LanePlaceholder lane={lane} catalogue={catalogue} />;
  }
}
