import type { Lane, RoleCatalogue } from '@baton/contracts';
import { LANE_INFO } from './lane-info.ts';

/** The page of a lane that is not built yet: what it will hold and whose lane it is. */
export function LanePlaceholder({ lane, catalogue }: { lane: Lane; catalogue: RoleCatalogue }) {
  const info = LANE_INFO[lane];
  const landing = catalogue.roles.filter((role) => role.lane === lane);
  return (
    <section className="panel" aria-labelledby="lane-heading">
      <h1 id="lane-heading">{info.title}</h1>
      <p className="lead">{info.purpose}</p>
      <p className="notice notice-info">
        This lane is not built yet. When it is, it will hold the objects below.
      </p>
      <dl className="facts">
        <dt>Who works here</dt>
        <dd>{info.who}</dd>
        <dt>Main objects</dt>
        <dd>
          <ul className="chips">
            {info.objects.map((object) => (
              <li key={object} className="chip">
                {object}
              </li>
            ))}
          </ul>
        </dd>
        <dt>Roles that land here</dt>
        <dd>{landing.length > 0 ? landing.map((role) => role.name).join(', ') : 'None in the catalogue'}</dd>
      </dl>
    </section>
  );
}
