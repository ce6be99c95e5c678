import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { freePort, serverDir, tempDataDir, waitFor, type TrpcJson } from '../harness.js';

// The built server (dist/main.js) as a process, its stdout captured line by line, exactly what
// an operator's journal or log collector would get.

interface RunningServer {
  url: string;
  lines: string[];
  child: ChildProcess;
}

const running: { child: ChildProcess; dataDir: string }[] = [];
afterEach(async () => {
  for (const { child, dataDir } of running.splice(0)) {
    if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve).kill('SIGTERM'));
    rmSync(dataDir, { recursive: true, force: true });
  }
});

async function startBuiltServer(env: Record<string, string>): Promise<RunningServer> {
  const dataDir = tempDataDir();
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(serverDir, 'dist/main.js')], {
    env: { PATH: process.env.PATH, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push({ child, dataDir });
  const lines: string[] = [];
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8');
    const complete = text.split('\n');
    partial = complete.pop() ?? '';
    lines.push(...complete);
  });
  await waitFor(() => lines.some((line) => line.includes('Confab is running')) || child.exitCode !== null, 20_000, 'the server to start');
  if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
  return { url: `http://127.0.0.1:${port}`, lines, child };
}

async function call<T>(url: string, procedure: string, input: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(`${url}/trpc/${procedure}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as TrpcJson<T>;
  if (!body.result) throw new Error(`${procedure} failed: ${body.error?.message ?? response.status}`);
  return body.result.data;
}

async function openSocket(url: string, headers: Record<string, string> = {}, firstMessage?: unknown): Promise<void> {
  const socket = new WebSocket(url, { headers });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  if (firstMessage !== undefined) socket.send(JSON.stringify(firstMessage));
  socket.send(JSON.stringify({ id: 1, method: 'query', params: { path: 'auth.me' } }));
  await new Promise((resolve) => socket.once('message', resolve));
  socket.close();
  await new Promise((resolve) => socket.once('close', resolve));
}

const parsed = (lines: string[]) => lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);

describe('logs', () => {
  it('never carry a token: not from a bearer header, a cookie, connectionParams or a query string', async () => {
    const server = await startBuiltServer({ LOG_LEVEL: 'trace', LOG_FORMAT: 'json', TRUST_PROXY: '127.0.0.1' });
    const password = 'correct horse battery';
    const { token } = await call<{ token: string }>(server.url, 'auth.register', {
      email: 'ana@example.com',
      name: 'Ana',
      password,
      issueToken: true,
    });
    const ws = server.url.replace('http', 'ws');

    const me = (headers: Record<string, string>) => fetch(`${server.url}/trpc/auth.me`, { headers }).then((response) => response.json());
    expect(await me({ authorization: `Bearer ${token}` })).toMatchObject({ result: { data: { name: 'Ana' } } });
    expect(await me({ cookie: `confab_session=${token}` })).toMatchObject({ result: { data: { name: 'Ana' } } });
    await fetch(`${server.url}/trpc/auth.me?input=${encodeURIComponent(JSON.stringify({ token }))}&token=${token}`);
    await fetch(`${server.url}/api/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    await openSocket(`${ws}/trpc?connectionParams=1`, {}, { method: 'connectionParams', data: { token } });
    await openSocket(`${ws}/trpc?connectionParams=${encodeURIComponent(JSON.stringify({ token }))}`, { 'x-forwarded-for': '198.51.100.7' });
    await openSocket(`${ws}/trpc?token=${token}`, { authorization: `Bearer ${token}` });
    await fetch(`${server.url}/healthz`);

    // The health check went last, so once its completion is logged every request above is too.
    const healthLogged = () => {
      const entries = parsed(server.lines);
      const probe = entries.find((entry) => entry.msg === 'incoming request' && (entry.req as { url?: string }).url === '/healthz');
      return probe !== undefined && entries.some((entry) => entry.msg === 'request completed' && entry.reqId === probe.reqId);
    };
    await waitFor(healthLogged, 10_000, 'the request logs');
    expect(parsed(server.lines).filter((entry) => entry.msg === 'incoming request').length).toBeGreaterThanOrEqual(9);
    const [signature] = token.split('.').slice(-1);
    const log = server.lines.join('\n');
    expect(log).not.toContain(token);
    expect(log).not.toContain(signature);
    expect(log).not.toContain(password);
    expect(log).toMatch(/"url":"\/trpc\?connectionParams=\[redacted\]"/);
    expect(log).toMatch(/"url":"\/trpc\/auth\.me\?input=\[redacted\]&token=\[redacted\]"/);
    // The WebSocket upgrade's request line has the forwarded client's address (TRUST_PROXY=127.0.0.1).
    expect(log).toMatch(/"remoteAddress":"198\.51\.100\.7"/);
  });

  it('are JSON lines when not on a terminal, leave health checks out at info, and give uploads the forwarded address', async () => {
    const server = await startBuiltServer({ LOG_LEVEL: 'info', TRUST_PROXY: '127.0.0.1' });
    for (let probe = 0; probe < 3; probe++) expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    await fetch(`${server.url}/api/uploads`, { method: 'POST', headers: { 'x-forwarded-for': '192.0.2.44' } });

    await waitFor(
      () => parsed(server.lines).some((entry) => (entry.req as { url?: string } | undefined)?.url === '/api/uploads'),
      10_000,
      'the upload request log',
    );
    expect(server.lines.every((line) => line.startsWith('{'))).toBe(true);
    const entries = parsed(server.lines);
    const upload = entries.find((entry) => (entry.req as { url?: string } | undefined)?.url === '/api/uploads');
    expect(upload?.req).toMatchObject({ method: 'POST', remoteAddress: '192.0.2.44' });
    expect(entries.some((entry) => JSON.stringify(entry).includes('/healthz'))).toBe(false);
  });

  it('are readable lines with LOG_FORMAT=pretty', async () => {
    const server = await startBuiltServer({ LOG_LEVEL: 'info', LOG_FORMAT: 'pretty' });
    const started = server.lines.find((line) => line.includes('Confab is running'));
    expect(started).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: Confab is running at http:\/\/localhost:\d+ \(data in .+\)$/);
    expect(server.lines.some((line) => line.startsWith('{'))).toBe(false);
  });
});
