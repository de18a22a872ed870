import { useSyncExternalStore } from 'react';

// pushState fires no event, so navigations made here are announced on this one.
const NAVIGATE_EVENT = 'baton:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

const currentUrl = () => window.location.pathname + window.location.search;

/** The current path and query string (`?a=b` or empty); re-renders on every navigation. */
export function useLocation(): { pathname: string; search: string } {
  const url = useSyncExternalStore(subscribe, currentUrl);
  const at = url.indexOf('?');
  return at < 0 ? { pathname: url, search: '' } : { pathname: url.slice(0, at), search: url.slice(at) };
}

/** One query parameter of the current URL. */
export function queryParam(search: string, name: string): string | null {
  return new URLSearchParams(search).get(name);
}

/** Moves to another page of the app without a reload. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === currentUrl()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
  if (!options.replace) window.scrollTo(0, 0);
}

/**
 * The current URL with some query parameters set or removed (`null`), for state a page keeps
 * in its URL (a selected item, a tab) so reload and back show the same thing.
 */
export function withParams(
  location: { pathname: string; search: string },
  changes: Record<string, string | null>,
): string {
  const params = new URLSearchParams(location.search);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null || value === '') params.delete(name);
    else params.set(name, value);
  }
  const query = params.toString();
  return query ? `${location.pathname}?${query}` : location.pathname;
}
