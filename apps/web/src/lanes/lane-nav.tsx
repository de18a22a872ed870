import { LANES, type Lane } from '@baton/contracts';
import { Link } from '../router/link.tsx';
import { paths } from '../router/routes.ts';
import { LANE_INFO } from './lane-info.ts';

interface LaneNavProps {
  slug: string;
  current: Lane;
  /** Lanes the person's roles work in; they are marked so each role finds its own. */
  mine: Set<Lane>;
}

/** The sidebar: every lane of the project, the person's own lanes marked. */
export function LaneNav({ slug, current, mine }: LaneNavProps) {
  return (
    <nav className="lane-nav" aria-label="Lanes">
      <h2 className="lane-nav-heading">Lanes</h2>
      <ul>
        {LANES.map((lane) => (
          <li key={lane}>
            <Link
              to={paths.lane(slug, lane)}
              className={lane === current ? 'lane-link lane-link-current' : 'lane-link'}
              aria-current={lane === current ? 'page' : undefined}
            >
              <span>{LANE_INFO[lane].title}</span>
              {mine.has(lane) ? <span className="lane-mine">your lane</span> : null}
              {LANE_INFO[lane].built ? null : <span className="lane-soon">planned</span>}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
