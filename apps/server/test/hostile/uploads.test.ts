import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../harness.js';
import { collectLogs, expectStillServes, LOG_LEVEL } from './helpers.js';

// Malformed multipart forms on POST /api/uploads: the client's mistake, so a 400 that says what
// is wrong, and a warning line without a stack rather than an error.

const logs = collectLogs();
let server: TestServer;
let token: string;
beforeAll(async () => {
  server = await startServer({ env: { LOG_LEVEL: 'warn', LOG_FORMAT: 'json' }, build: { logStream: logs.stream } });
  ({ token } = await server.signUp());
});
afterAll(() => server.close());

/** Sends `body` as it is (no fetch framing), with an explicit length so a cut-short body stays cut short. */
function rawUpload(contentType: string, body: string, options: { declaredLength?: number } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${server.url}/api/uploads`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': contentType,
          'content-length': String(options.declaredLength ?? Buffer.byteLength(body)),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const part = (boundary: string) =>
  `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n`;

describe('malformed upload forms', () => {
  const cases: Array<[string, () => Promise<{ status: number; body: string }>, RegExp]> = [
    ['no boundary', () => rawUpload('multipart/form-data', `${part('x')}--x--\r\n`), /boundary/],
    [
      'a boundary that does not match the body',
      () => rawUpload('multipart/form-data; boundary=other', `${part('x')}--x--\r\n`),
      /closing boundary|boundary/,
    ],
    ['a body cut before its closing boundary', () => rawUpload('multipart/form-data; boundary=x', part('x')), /ended before its closing boundary/],
  ];
  for (const [what, send, message] of cases) {
    it(`${what}: 400 with what is wrong, logged at warn without a stack`, async () => {
      const errorsBefore = logs.lines.filter((line) => line.level >= LOG_LEVEL.error).length;
      const response = await send();
      expect(response.status).toBe(400);
      const body = JSON.parse(response.body) as { error: string; message: string };
      expect(body.error).toBe('Bad Request');
      expect(body.message).toMatch(message);
      expect(logs.lines.filter((line) => line.level >= LOG_LEVEL.error).length).toBe(errorsBefore);
      const warning = logs.lines.findLast((line) => line.msg === 'refused a malformed upload form');
      expect(warning?.level).toBe(LOG_LEVEL.warn);
      expect(JSON.stringify(warning)).not.toMatch(/\bat .*\.js:\d+/);
    });
  }

  it('the server still serves everyone afterwards', async () => {
    await expectStillServes(server);
  });
});
