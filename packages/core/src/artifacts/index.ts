import { fileURLToPath } from 'node:url';
import type { ArtifactStore } from './artifact-store.ts';
import { createLocalArtifactStore } from './local-artifact-store.ts';

export * from './artifact-store.ts';
export * from './local-artifact-store.ts';

/** Each supported URI scheme and how to open a store for it; an S3 store adds `s3` here. */
const OPENERS = new Map<string, (url: URL) => Promise<ArtifactStore>>([
  ['file', (url) => createLocalArtifactStore(fileURLToPath(url))],
]);

/**
 * Opens the artifact store named by `uri`: a `file:///abs/path` URL or a plain local path
 * (relative paths resolve against the working directory).
 *
 * @example
 * const store = await openArtifactStore('file:///var/lib/baton/artifacts');
 * const { digest } = await store.put(request);
 */
export async function openArtifactStore(uri: string): Promise<ArtifactStore> {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(uri)?.[1]?.toLowerCase();
  // No `scheme://` prefix means a plain path (a Windows drive path such as C:\data included).
  if (scheme === undefined) return createLocalArtifactStore(uri);
  const opener = OPENERS.get(scheme);
  if (opener === undefined) {
    // The URI itself is left out: it may carry credentials.
    throw new Error(
      `artifact store scheme '${scheme}://' is not available yet; use a file:// URL or a local path`,
    );
  }
  return opener(new URL(uri));
}
