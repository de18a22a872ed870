import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { CliError } from './cli-error.ts';

/** What `baton login` stores: the server and an API token for it, never a password. */
export const storedCredentialsSchema = z.object({
  url: z.string().min(1),
  token: z.string().min(1),
  tokenId: z.string().optional(),
  username: z.string().optional(),
  createdAt: z.string().optional(),
});
export type StoredCredentials = z.infer<typeof storedCredentialsSchema>;

/** The server and token a command uses, and where they came from. */
export interface Connection {
  url: string;
  token: string;
  source: 'environment' | 'file';
  stored: StoredCredentials | null;
}

export function configDir(env: NodeJS.ProcessEnv): string {
  if (env.BATON_CONFIG_DIR) return path.resolve(env.BATON_CONFIG_DIR);
  if (env.XDG_CONFIG_HOME) return path.join(env.XDG_CONFIG_HOME, 'baton');
  return path.join(homedir(), '.config', 'baton');
}

export const credentialsFile = (env: NodeJS.ProcessEnv): string =>
  path.join(configDir(env), 'credentials.json');

/** A server URL without trailing slashes; anything but http(s) is a usage error. */
export function normalizeUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError('usage', `'${raw}' is not a URL; give one like http://127.0.0.1:8080`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError('usage', `'${raw}' is not an http(s) URL`);
  }
  return url.href.replace(/\/+$/, '');
}

export async function readCredentials(env: NodeJS.ProcessEnv): Promise<StoredCredentials | null> {
  const file = credentialsFile(env);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CliError('config', `cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return storedCredentialsSchema.parse(JSON.parse(text));
  } catch {
    throw new CliError('config', `${file} is not valid credentials; run \`baton login\` again or delete it`);
  }
}

/** Writes the credentials readable by their owner only (0600), replacing the file in one step. */
export async function writeCredentials(
  env: NodeJS.ProcessEnv,
  credentials: StoredCredentials,
): Promise<string> {
  const file = credentialsFile(env);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  // The mode of writeFile is masked by the umask; set it outright before the file appears.
  await chmod(temporary, 0o600);
  await rename(temporary, file);
  return file;
}

export async function deleteCredentials(env: NodeJS.ProcessEnv): Promise<void> {
  await rm(credentialsFile(env), { force: true });
}

/**
 * BATON_URL and BATON_TOKEN override the stored credentials (for CI). The stored token is
 * only sent to the server it was issued by, never to another BATON_URL.
 */
export async function resolveConnection(env: NodeJS.ProcessEnv): Promise<Connection> {
  const stored = await readCredentials(env);
  const envUrl = env.BATON_URL ? normalizeUrl(env.BATON_URL) : undefined;
  const storedUrl = stored ? normalizeUrl(stored.url) : undefined;
  const url = envUrl ?? storedUrl;
  const storedToken = stored && (!envUrl || envUrl === storedUrl) ? stored.token : undefined;
  const token = env.BATON_TOKEN || storedToken;
  if (!url) {
    if (env.BATON_TOKEN) throw new CliError('config', 'BATON_TOKEN is set but BATON_URL is not');
    throw new CliError(
      'unauthenticated',
      'not signed in: run `baton login --url <server>`, or set BATON_URL and BATON_TOKEN',
    );
  }
  if (!token) {
    throw new CliError('unauthenticated', `not signed in to ${url}: run \`baton login\` or set BATON_TOKEN`);
  }
  return { url, token, source: env.BATON_TOKEN ? 'environment' : 'file', stored };
}
