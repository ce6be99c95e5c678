import { request as httpRequest, type Agent, type IncomingHttpHeaders } from 'node:http';
import { Writable } from 'node:stream';
import { expect } from 'vitest';
import WebSocket from 'ws';
import { createConfabClient } from '@confab/sdk';
import type { TestServer } from '../harness.js';

export const password = 'correct horse battery';

/**
 * What every hostile case ends on: the server still serves a normal person, who signs up,
 * signs in again, creates a room, sends a message and reads it back.
 */
export async function expectStillServes(server: TestServer): Promise<void> {
  const { user } = await server.signUp('Still here');
  const signedIn = createConfabClient({ url: server.url });
  try {
    const { token } = await signedIn.signIn({ email: user.email, password });
    const me = server.client(token);
    const room = await me.room.create.mutate({ name: `after ${Date.now()}`, visibility: 'private' });
    await me.message.send.mutate({ roomId: room.id, body: 'still serving', clientId: `c-${Date.now()}-${Math.random()}` });
    const history = await me.message.history.query({ roomId: room.id });
    expect(history.messages.map((message) => message.body)).toContain('still serving');
  } finally {
    await signedIn.close();
  }
}

function rssBytes(): number {
  return process.memoryUsage().rss;
}

/** Samples the RSS while `run` goes, and returns the highest value seen above the starting one. */
export async function peakRssGrowth(run: () => Promise<void>): Promise<number> {
  globalThis.gc?.();
  const start = rssBytes();
  let peak = start;
  const sampler = setInterval(() => (peak = Math.max(peak, rssBytes())), 5);
  try {
    await run();
  } finally {
    clearInterval(sampler);
  }
  return Math.max(peak, rssBytes()) - start;
}

export interface StreamedResponse {
  status: number;
  body: string;
  /** bytes of the body the client managed to write before the answer (or the end) */
  written: number;
}

/**
 * POSTs up to `totalBytes` of filler in 1 MB chunks and stops writing as soon as the server
 * answers, so the client never holds the whole body either.
 */
export function postLargeBody(url: string, headers: Record<string, string>, prefix: string, totalBytes: number): Promise<StreamedResponse> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    let written = 0;
    let answered = false;
    const req = httpRequest(url, { method: 'POST', headers: { ...headers, 'content-length': String(prefix.length + totalBytes) } }, (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (data: string) => (body += data));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, written }));
      res.on('error', reject);
    });
    // The server may close the connection once it has answered; that ends the writing, not the test.
    req.on('error', (error) => (answered ? undefined : reject(error)));
    req.write(prefix);
    const pump = () => {
      while (!answered && written < totalBytes) {
        written += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

/** Opens a raw WebSocket to /trpc and resolves once it is open. */
export function openSocket(server: TestServer, query = '', headers: Record<string, string> = {}): Promise<RawSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/trpc${query}`, { headers });
    const raw: RawSocket = {
      socket,
      frames: [],
      closed: new Promise((done) => socket.once('close', (code, reason) => done({ code, reason: reason.toString() }))),
      send: (data) => socket.send(typeof data === 'string' ? data : JSON.stringify(data)),
    };
    socket.on('message', (data: Buffer) => {
      const text = data.toString();
      if (text === 'PING') return socket.send('PONG');
      raw.frames.push(JSON.parse(text) as unknown);
    });
    socket.once('open', () => resolve(raw));
    socket.once('error', reject);
  });
}

export interface RawSocket {
  socket: WebSocket;
  /** every JSON frame the server sent, parsed */
  frames: unknown[];
  closed: Promise<{ code: number; reason: string }>;
  send(data: unknown): void;
}

export interface LogLine {
  level: number;
  msg?: string;
  err?: { stack?: string };
  [key: string]: unknown;
}

/** A stream for BuildOptions.logStream that keeps every JSON log line (start the server with LOG_FORMAT=json). */
export function collectLogs(): { stream: NodeJS.WritableStream; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { stream, lines };
}

export const LOG_LEVEL = { warn: 40, error: 50 } as const;

/** POSTs JSON over node:http through `agent` (a bounded pool keeps a flood from overflowing the listen backlog). */
export function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string>,
  agent?: Agent,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const text = JSON.stringify(body);
    const req = httpRequest(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers } },
      (res) => {
        let received = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (received += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: received }));
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

let rawUsers = 0;
/** Registers an account over plain HTTP (no SDK client, so no socket of its own) and returns its token. */
export async function registerRaw(server: TestServer): Promise<{ token: string; email: string }> {
  const email = `raw${++rawUsers}-${process.pid}@example.com`;
  const response = await postJson(`${server.url}/trpc/auth.register`, { email, name: `Raw ${rawUsers}`, password, issueToken: true }, {});
  const token = (JSON.parse(response.body) as { result?: { data: { token?: string } } }).result?.data.token;
  if (!token) throw new Error(`register failed: ${response.body}`);
  return { token, email };
}
