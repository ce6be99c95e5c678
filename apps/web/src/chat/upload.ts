import type { AttachmentDto } from '@confab/api/router';

/**
 * Posts one file to /api/uploads with the session cookie. XMLHttpRequest rather than fetch,
 * because only it reports upload progress in browsers.
 */
export function uploadFile(file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<AttachmentDto> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/uploads');
    xhr.responseType = 'json';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const body: unknown = xhr.response;
      if (xhr.status >= 200 && xhr.status < 300 && isAttachment(body)) {
        onProgress(1);
        resolve(body);
        return;
      }
      const message = typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string' ? body.message : null;
      reject(new Error(message ?? `Upload failed (${xhr.status || 'network error'}).`));
    };
    xhr.onerror = () => reject(new Error('Upload failed: cannot reach the server.'));
    xhr.onabort = () => reject(new Error('Upload cancelled.'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

function isAttachment(value: unknown): value is AttachmentDto {
  return typeof value === 'object' && value !== null && 'id' in value && 'url' in value && 'mime' in value;
}
