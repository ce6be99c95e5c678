import { request as httpRequest, type ClientRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startServer, waitFor, type TestServer } from '../harness.js';
import { expectStillServes } from './helpers.js';

// What one upload may hold on to: a body trickled in is cut off with 408 long before the request
// timeout, and one person has only a few uploads in flight at once (429 with Retry-After).

const boundary = 'pace';
const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`;
const tail = `\r\n--${boundary}--\r\n`;

interface HeldUpload {
  req: ClientRequest;
  response: Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>;
}

/** Starts an upload of `fileBytes` declared bytes and sends only the form's head. */
function startUpload(server: TestServer, token: string, fileBytes: number): HeldUpload {
  let req: ClientRequest | undefined;
  const response = new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    req = httpRequest(
      `${server.url}/api/uploads`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(head.length + fileBytes + tail.length),
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    // the server may close the connection once it has answered
    req.on('error', (error) => (req?.writableEnded ? undefined : reject(error)));
  });
  if (!req) throw new Error('no request');
  req.write(head);
  return { req, response };
}

function quickUpload(server: TestServer, token: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array([1, 2, 3, 4])]), 'quick.bin');
  return fetch(`${server.url}/api/uploads`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
}

describe('a body trickled in', () => {
  it('is cut off with 408 once a window passes below the minimum rate; a normal upload still works', async () => {
    // one upload at a time, so the next upload also shows the cut-off one gave its slot back
    const server = await startServer({ env: { UPLOAD_MIN_KB_PER_SECOND: '1', UPLOAD_SLOW_WINDOW_SECONDS: '1', UPLOAD_MAX_CONCURRENT: '1' } });
    try {
      const { token } = await server.signUp();
      const startedAt = Date.now();
      const upload = startUpload(server, token, 100_000);
      // one byte every 100 ms: 10 bytes/s, far below 1 KB/s
      const trickle = setInterval(() => upload.req.write('x'), 100);
      const answer = await upload.response.finally(() => clearInterval(trickle));
      expect(answer.status).toBe(408);
      expect((JSON.parse(answer.body) as { message: string }).message).toMatch(/^The upload was too slow: less than 1 KB\/s for 1 seconds\./);
      expect(Date.now() - startedAt).toBeLessThan(15_000);
      upload.req.destroy();
      expect((await quickUpload(server, token)).status).toBe(201);
      await expectStillServes(server);
    } finally {
      await server.close();
    }
  }, 30_000);
});

describe('uploads in flight per person', () => {
  it('past UPLOAD_MAX_CONCURRENT the next gets 429 with Retry-After; once one finishes, uploads go through', async () => {
    const server = await startServer({ env: { UPLOAD_MAX_CONCURRENT: '2', UPLOADS_PER_MINUTE: '1000', UPLOAD_SLOW_WINDOW_SECONDS: '60' } });
    try {
      const { token } = await server.signUp();
      const held = [startUpload(server, token, 10), startUpload(server, token, 10)];
      // Both held uploads have reached the server once a third is refused.
      const refused = await waitFor(
        async () => {
          const response = await quickUpload(server, token);
          return response.status === 429 ? response : null;
        },
        10_000,
        'a refused third upload',
      );
      expect(refused.headers.get('retry-after')).toBe('2');
      expect(((await refused.json()) as { message: string }).message).toMatch(/^Too many uploads at once: at most 2 at a time\./);
      const other = await server.signUp();
      expect((await quickUpload(server, other.token)).status).toBe(201);

      for (const upload of held) upload.req.end(`0123456789${tail}`);
      for (const upload of held) expect((await upload.response).status).toBe(201);
      expect((await quickUpload(server, token)).status).toBe(201);
      await expectStillServes(server);
    } finally {
      await server.close();
    }
  }, 30_000);
});
