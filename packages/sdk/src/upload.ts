import type { AttachmentDto } from '@confab/api/router';

/** What the server answers for a stored file; the same shape messages carry as attachments. */
export type UploadResult = AttachmentDto;

/** A Blob or File (browser or Node), raw bytes, or (in Node only) a path to a file on disk. */
export type UploadInput = Blob | Uint8Array | ArrayBuffer | string;

export interface UploadProgress {
  /** bytes of the request body sent so far */
  loaded: number;
  /** bytes of the whole request body */
  total: number;
}

export interface UploadOptions {
  /** the name to store; defaults to the File's or path's name, else "file" */
  filename?: string;
  /** called as the request body goes out */
  onProgress?: (progress: UploadProgress) => void;
  /** cancels the upload */
  signal?: AbortSignal;
}

/** A refused upload: `status` is the HTTP status (401, 413, 415, 429...), `message` the server's explanation. */
export class UploadError extends Error {
  override name = 'UploadError';

  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface UploadTarget {
  /** the server's base URL, without a trailing slash */
  baseUrl: string;
  /** the bearer token, if the client has one; otherwise the browser's cookie is sent */
  token: () => Promise<string | null>;
}

/** Posts one file to `${baseUrl}/api/uploads` as multipart/form-data. */
export async function upload(target: UploadTarget, input: UploadInput, options: UploadOptions = {}): Promise<UploadResult> {
  const { blob, name } = await toBlob(input, options.filename);
  const form = new FormData();
  form.append('file', blob, name);
  const token = await target.token();
  const url = `${target.baseUrl}/api/uploads`;
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};

  if (options.onProgress && typeof XMLHttpRequest !== 'undefined') return sendWithXhr(url, form, headers, token === null, options);

  const init: RequestInit & { duplex?: 'half' } = { method: 'POST', headers, signal: options.signal };
  if (token === null) init.credentials = 'include';
  if (options.onProgress) {
    // Node's fetch reports no upload progress, so the body is streamed and counted as it is read.
    const encoded = new Request(url, { method: 'POST', body: form });
    const body = await encoded.arrayBuffer();
    headers['content-type'] = encoded.headers.get('content-type') ?? '';
    init.body = countedStream(new Uint8Array(body), options.onProgress);
    init.duplex = 'half';
  } else {
    init.body = form;
  }
  const response = await fetch(url, init);
  return readResult(response.status, await response.text());
}

async function toBlob(input: UploadInput, filename: string | undefined): Promise<{ blob: Blob; name: string }> {
  if (typeof input === 'string') {
    // A variable specifier keeps bundlers from trying to pack node:fs into browser builds.
    const fsModule = 'node:fs/promises';
    const fs = (await import(/* @vite-ignore */ fsModule)) as typeof import('node:fs/promises');
    const bytes = await fs.readFile(input);
    return { blob: new Blob([bytes]), name: filename ?? input.split(/[\\/]/).pop() ?? 'file' };
  }
  if (input instanceof Blob) {
    const ownName = 'name' in input && typeof input.name === 'string' && input.name ? input.name : undefined;
    return { blob: input, name: filename ?? ownName ?? 'file' };
  }
  const bytes = input instanceof ArrayBuffer ? new Uint8Array(input) : input;
  return { blob: new Blob([bytes as Uint8Array<ArrayBuffer>]), name: filename ?? 'file' };
}

function countedStream(body: Uint8Array, onProgress: (progress: UploadProgress) => void): ReadableStream<Uint8Array> {
  const chunkSize = 64 * 1024;
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    start() {
      onProgress({ loaded: 0, total: body.length });
    },
    pull(controller) {
      if (offset >= body.length) {
        controller.close();
        return;
      }
      const chunk = body.subarray(offset, offset + chunkSize);
      offset += chunk.length;
      controller.enqueue(chunk);
      onProgress({ loaded: offset, total: body.length });
    },
  });
}

/** Browsers report upload progress only through XMLHttpRequest. */
function sendWithXhr(
  url: string,
  form: FormData,
  headers: Record<string, string>,
  withCookie: boolean,
  options: UploadOptions,
): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = withCookie;
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => options.onProgress?.({ loaded: event.loaded, total: event.total });
    xhr.onload = () => {
      try {
        resolve(readResult(xhr.status, xhr.responseText));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
    xhr.onerror = () => reject(new UploadError('The upload failed: the server could not be reached.', 0));
    xhr.onabort = () => reject(new UploadError('The upload was cancelled.', 0));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

function readResult(status: number, text: string): UploadResult {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (status >= 200 && status < 300 && isUploadResult(body)) return body;
  const message =
    typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string'
      ? body.message
      : `The upload failed with HTTP ${status}.`;
  throw new UploadError(message, status);
}

function isUploadResult(value: unknown): value is UploadResult {
  return typeof value === 'object' && value !== null && 'id' in value && 'url' in value && typeof value.id === 'string';
}
