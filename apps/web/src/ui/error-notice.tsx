import type { ApiError } from '../api/api-error.ts';

/** An API error as people read it: the server's sentence, with its stable code for support. */
export function ErrorNotice({ error, title }: { error: ApiError | undefined; title?: string }) {
  if (!error) return null;
  return (
    <div className="notice notice-error" role="alert">
      {title ? <strong className="notice-title">{title}</strong> : null}
      <span>{capitalise(error.detail)}</span> <code className="notice-code">{error.code}</code>
    </div>
  );
}

/** A short confirmation of something that worked, read out by screen readers. */
export function SuccessNotice({ message }: { message: string | undefined }) {
  return (
    <p className="notice notice-success" role="status" hidden={!message}>
      {message}
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      Loading {what}…
    </p>
  );
}

const capitalise = (text: string) => (text ? text[0]!.toUpperCase() + text.slice(1) : text);
