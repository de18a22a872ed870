import { endpoints, type Project } from '@baton/contracts';
import { type FormEvent, useState } from 'react';
import { type ApiError, asApiError } from '../api/api-error.ts';
import { useSignedIn } from '../session/session-context.tsx';
import { ErrorNotice } from '../ui/error-notice.tsx';
import { TextField } from '../ui/text-field.tsx';

/** Creates a project; the creator becomes its admin. Errors appear next to the field they concern. */
export function CreateProjectForm({ onCreated }: { onCreated: (project: Project) => void }) {
  const { api } = useSignedIn();
  const [slug, setSlug] = useState('');
  // The slug follows the name until it is edited by hand.
  const [slugEdited, setSlugEdited] = useState(false);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onCreated(
        await api.call(endpoints.createProject, {
          body: { slug: slug.trim(), name: name.trim(), description },
        }),
      );
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel form" aria-labelledby="create-project-heading" onSubmit={onSubmit} noValidate>
      <h2 id="create-project-heading">Create a project</h2>
      <TextField
        label="Name"
        name="name"
        value={name}
        onChange={(value) => {
          setName(value);
          if (!slugEdited) setSlug(slugFrom(value));
        }}
        error={error?.fieldError('name')}
        required
      />
      <TextField
        label="Slug"
        name="slug"
        value={slug}
        onChange={(value) => {
          setSlug(value);
          setSlugEdited(value !== '');
        }}
        error={error?.fieldError('slug')}
        hint="Used in addresses: lower-case letters, digits and dashes, e.g. churn-model."
        required
      />
      <TextField
        label="Description"
        name="description"
        value={description}
        onChange={setDescription}
        error={error?.fieldError('description')}
        multiline
      />
      <ErrorNotice
        error={error}
        title="The project was not created."
        fields={['name', 'slug', 'description']}
      />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create project'}
        </button>
      </div>
    </form>
  );
}

/** A slug suggested from a project name: `Churn model (EU)` becomes `churn-model-eu`. */
export function slugFrom(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
}
