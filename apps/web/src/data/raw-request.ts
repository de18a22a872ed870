import { CSRF_HEADER } from '../api/api-client.ts';

const CONTENT_TYPES: Record<string, string> = {
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  json: 'application/json',
  ndjson: 'application/x-ndjson',
  jsonl: 'application/x-ndjson',
  parquet: 'application/vnd.apache.parquet',
};

export const contentTypeOf = (name: string): string =>
  CONTENT_TYPES[name.toLowerCase().split('.').pop() ?? ''] ?? 'application/octet-stream';

/** What a failed raw request says: the problem's detail, or the status. */
function failure(status: number, text: string): Error {
  try {
    const problem = JSON.parse(text) as { detail?: string; code?: string };
    return new Error(problem.detail ? `${problem.detail} (${problem.code})` : `HTTP ${status}`);
  } catch {
    return new Error(`HTTP ${status}`);
  }
}

/**
 * Uploads a file as the raw request body (the browser streams it from disk), reporting
 * progress; resolves to the parsed JSON answer.
 */
export function uploadFile(
  url: string,
  file: File,
  csrf: string | null,
  onProgress: (fraction: number) => void,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('content-type', contentTypeOf(file.name));
    if (csrf) xhr.setRequestHeader(CSRF_HEADER, csrf);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(JSON.parse(xhr.responseText));
      else reject(failure(xhr.status, xhr.responseText));
    };
    xhr.onerror = () => reject(new Error('the upload failed: the server could not be reached'));
    xhr.send(file);
  });
}

/** POSTs JSON and saves the file the server answers with. */
export async function downloadPost(
  url: string,
  body: unknown,
  csrf: string | null,
  filename: string,
): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', ...(csrf ? { [CSRF_HEADER]: csrf } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw failure(response.status, await response.text());
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = filename;
  link.click();
  URL.revokeObjectURL(link.href);
}
