import type { Project } from '@baton/contracts';
import { LANE_INFO } from '../lanes/lane-info.ts';
import { AuditPanel } from './audit-panel.tsx';
import { JobsPanel } from './jobs-panel.tsx';

/** The platform lane: background jobs, the audit log for those allowed to read it, and what comes next. */
export function PlatformPage({ project }: { project: Project }) {
  const canReadJobs = project.myPermissions.includes('job.read');
  const canReadAudit = project.myPermissions.includes('audit.read');
  return (
    <>
      <section className="panel" aria-labelledby="platform-heading">
        <h1 id="platform-heading">Platform</h1>
        <p className="lead">{LANE_INFO.platform.purpose}</p>
        {canReadAudit ? null : (
          <p className="muted">
            The audit log is shown to roles with the <code>audit.read</code> permission.
          </p>
        )}
      </section>
      {canReadJobs ? (
        <JobsPanel project={project} />
      ) : (
        <p className="notice notice-info">
          Seeing jobs needs the <code>job.read</code> permission.
        </p>
      )}
      {canReadAudit ? <AuditPanel project={project} /> : null}
    </>
  );
}
