import type { ApiError } from '../api/api-error.ts';

interface ErrorNoticeProps {
  error: ApiError | undefined;
  title?: string;
  /** Inputs whose errors the form shows beside them; the notice then points there instead. */
  fields?: string[];
}

/** An API error as people read it: the server's sentence, with its stable code for support. */
export function ErrorNotice({ error, title, fields = [] }: ErrorNoticeProps) {
  if (!error) return null;
  const detail = error.concernsOnly(fields) ? 'Please correct the marked fields.' : capitalise(error.detail);
  return (
    <div className="notice notice-error" role="alert">
      {title ? <strong className="notice-title">{title}</strong> : null}
      <span>{detail}</span> <code className="notice-code">{error.code}</code>
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
