import { Link } from '../router/link.tsx';
import { paths } from '../router/routes.ts';
import { useSignedIn } from '../session/session-context.tsx';
import { AppHeader } from '../ui/app-header.tsx';
import { CandidateFitForm } from './candidate-fit-form.tsx';
import { CatalogueYamlPanel } from './catalogue-yaml-panel.tsx';
import { RoleCard } from './role-card.tsx';
import { SkillHeatmap } from './skill-heatmap.tsx';
import './team.css';

/** The role catalogue: every role, what it does and what serves it in Baton; role fit; YAML. */
export function RoleCataloguePage() {
  const { catalogue } = useSignedIn();
  const teamRoles = catalogue.roles.filter((role) => role.kind === 'team');
  const skills = [...new Set(teamRoles.flatMap((role) => role.skills))];
  const matrix = {
    roles: teamRoles.map((role) => ({ key: role.key, name: role.name, holders: [] })),
    skills,
    cells: teamRoles.flatMap((role) => role.skills.map((skill) => ({ role: role.key, skill, level: 3 }))),
  };
  return (
    <>
      <AppHeader />
      <main className="page team-stack">
        <p>
          <Link to={paths.projects()}>← Your projects</Link>
        </p>
        <section className="panel" aria-labelledby="catalogue-heading">
          <h1 id="catalogue-heading">Role catalogue</h1>
          <p className="lead">
            The roles of an ML team: what each is responsible for, the skills it needs, and the Baton
            capabilities and permissions that serve each responsibility. {catalogue.roles.length} roles.
          </p>
          <nav aria-label="Roles">
            <ul className="chips">
              {catalogue.roles.map((role) => (
                <li key={role.key} className="chip">
                  <a href={`#role-${role.key}`}>{role.name}</a>
                </li>
              ))}
            </ul>
          </nav>
        </section>
        <section className="panel" aria-labelledby="needs-heading">
          <h2 id="needs-heading">Skills each role needs</h2>
          <SkillHeatmap matrix={matrix} mode="catalogue" label="Skills each role needs" />
        </section>
        {catalogue.roles.map((role) => (
          <RoleCard key={role.key} role={role} />
        ))}
        <CandidateFitForm />
        <CatalogueYamlPanel />
      </main>
    </>
  );
}
