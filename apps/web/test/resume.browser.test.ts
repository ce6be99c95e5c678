import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Request } from 'playwright-core';
import { startServer, type TestServer } from '../../server/test/harness.js';
import { ensureWebBuilt, launchBrowser, openUserPage, type UserPage } from './browser.js';

const LONG = { timeout: 30_000 };
// 3 in the normal suite; RESUME_TABS=50 for the figure in apps/web/README.md (opt-in, it is heavy).
const TABS = Number(process.env.RESUME_TABS ?? 3);
// RESUME_BEFORE=1 measures "refetch everything": the restarted server replays nothing (replay limit
// 0), so every tab gets `sync.reset` and refetches all it shows, as every restart did before resume.
const BEFORE = process.env.RESUME_BEFORE === '1';
const live = (page: Page) => page.locator('.connection.connection-live').first();
// One user with many tabs from one address: the per-user and per-address socket caps are raised so
// that 50 tabs may all connect (and reconnect at once); they are not what is measured here.
const env = { WS_MAX_CONNECTIONS_PER_USER: '200', WS_MAX_UNAUTHENTICATED_PER_ADDRESS: '200', MAX_CONNECTIONS_PER_ADDRESS: '1000' };

interface Traffic {
  queries: number;
  mutations: number;
  bytes: number;
  inFlight: number;
  procedures: Map<string, number>;
}

/** Counts each tab's HTTP calls to the API (queries and mutations apart) and the bytes they carried. */
function watch(page: Page, traffic: Traffic): void {
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/trpc')) traffic.inFlight += 1;
  });
  const done = async (request: Request, ok: boolean) => {
    const url = new URL(request.url());
    if (!url.pathname.startsWith('/trpc')) return;
    traffic.inFlight -= 1;
    if (!ok) return;
    const names = url.pathname.slice('/trpc/'.length).split(',');
    for (const name of names) traffic.procedures.set(name, (traffic.procedures.get(name) ?? 0) + 1);
    if (request.method() === 'GET') traffic.queries += names.length;
    else traffic.mutations += names.length;
    const sizes = await request.sizes();
    traffic.bytes += sizes.requestHeadersSize + sizes.requestBodySize + sizes.responseHeadersSize + sizes.responseBodySize;
  };
  page.on('requestfinished', (request) => void done(request, true));
  page.on('requestfailed', (request) => void done(request, false));
}

interface SocketTraffic {
  bytes: number;
  mutations: Map<string, number>;
}

/**
 * What a tab's new socket carried: its bytes both ways and the mutations sent over it (the SDK
 * sends mutations over an open socket), and for the report the `sync.onEvent` (re)subscriptions
 * and the messages sent while away.
 */
function recordFrames(page: Page, frames: string[], socketTraffic: SocketTraffic): void {
  page.on('websocket', (socket) => {
    socket.on('framesent', (frame) => {
      const text = String(frame.payload);
      socketTraffic.bytes += Buffer.byteLength(text);
      for (const match of text.matchAll(/"method":"mutation","params":\{.*?"path":"([\w.]+)"/g)) {
        const name = match[1] ?? '?';
        socketTraffic.mutations.set(name, (socketTraffic.mutations.get(name) ?? 0) + 1);
      }
      if (text.includes('sync.onEvent')) frames.push(`sent ${text.slice(0, 160)}`);
    });
    socket.on('framereceived', (frame) => {
      const text = String(frame.payload);
      socketTraffic.bytes += Buffer.byteLength(text);
      const away = /While away \d/.exec(text);
      if (away) frames.push(`received ${away[0]}`);
    });
  });
}

// After a server restart every open tab resumes sync.onEvent from its last event id (or, if it had
// none yet, from the position it started at): the server replays what it missed over the socket,
// and the tab refetches no history or members over HTTP.
describe(`${TABS} open tabs and a server restart${BEFORE ? ' (before: refetch everything)' : ''}`, () => {
  let server: TestServer;
  let browser: Browser;
  let first: UserPage;
  const tabs: Page[] = [];
  let roomId = '';
  let writerEmail = '';

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer({ env });
    const writer = await server.signUp('Writer Wu');
    writerEmail = writer.user.email;
    const reader = await server.signUp('Reader Ro');
    const room = await writer.client.room.create.mutate({ name: `Ops ${Date.now()}`, visibility: 'private', memberIds: [reader.user.id] });
    roomId = room.id;
    let lastId = 0;
    for (let i = 1; i <= 30; i++) lastId = (await writer.client.message.send.mutate({ roomId, body: `Before ${i}`, clientId: `before-${i}` })).id;
    // Read already, so every tab opens at the bottom (a room with unread opens at the first unread,
    // and a virtualized list scrolled up has no rows for the newest messages).
    await reader.client.room.markRead.mutate({ roomId, messageId: lastId });
    browser = await launchBrowser();
    first = await openUserPage(browser, server.url);
    await first.page.getByLabel('Email').fill(reader.user.email);
    await first.page.getByLabel('Password').fill('correct horse battery');
    await first.page.getByRole('button', { name: 'Sign in' }).click();
    await first.page.getByRole('button', { name: 'Sign out' }).waitFor(LONG);
    await first.page.goto(`/#/r/${roomId}`);
    tabs.push(first.page);
    for (let i = 1; i < TABS; i++) {
      const page = await first.context.newPage();
      await page.goto(`/#/r/${roomId}`);
      tabs.push(page);
    }
    for (const page of tabs) await page.getByRole('log').getByText('Before 30', { exact: true }).waitFor(LONG);
    for (const page of tabs) await live(page).waitFor(LONG);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('every tab shows each message sent during the restart once, and refetches no history', async () => {
    const traffic: Traffic = { queries: 0, mutations: 0, bytes: 0, inFlight: 0, procedures: new Map() };
    const frames = tabs.map(() => [] as string[]);
    const socketTraffic: SocketTraffic = { bytes: 0, mutations: new Map() };
    tabs.forEach((page, i) => {
      watch(page, traffic);
      recordFrames(page, frames[i] ?? [], socketTraffic);
    });
    const { port, dataDir } = server;
    await server.close({ keepData: true });
    for (const page of tabs) await page.locator('.connection:not(.connection-live)').first().waitFor(LONG);

    const signIn = async (on: TestServer) => {
      const signedIn = await on.client().auth.login.mutate({ email: writerEmail, password: 'correct horse battery', issueToken: true });
      return on.client(signedIn.token ?? undefined);
    };
    // Two messages while the server is out of the tabs' reach (on another port, same database):
    // they can only arrive by replay.
    const away = await startServer({ dataDir, env });
    const early = await signIn(away);
    for (let i = 1; i <= 2; i++) await early.message.send.mutate({ roomId, body: `While away ${i}`, clientId: `away-${i}` });
    await away.close({ keepData: true });

    const restartedAt = Date.now();
    server = await startServer({ dataDir, port, env, build: BEFORE ? { chat: { syncReplayLimit: 0 } } : {} });
    // One more as the tabs reconnect: replayed or live, whichever comes first, shown once.
    await (await signIn(server)).message.send.mutate({ roomId, body: 'While away 3', clientId: 'away-3' });

    const shows = (page: Page, n: number) => page.getByRole('log').getByText(`While away ${n}`, { exact: true }).count();
    const caughtUp = async () => {
      let n = 0;
      for (const page of tabs) if ((await live(page).count()) === 1 && (await shows(page, 3)) === 1) n += 1;
      return n;
    };
    await expect
      .poll(caughtUp, { timeout: 60_000, interval: 250 })
      .toBe(TABS)
      .catch(() => {});
    const caughtUpMs = Date.now() - restartedAt;
    await expect.poll(() => traffic.inFlight, LONG).toBe(0);
    const perProcedure = [...traffic.procedures].map(([name, n]) => `${name} ${n}`).join(', ');
    console.log(
      `[resume] ${TABS} tabs after a restart${BEFORE ? ' (before: refetch everything)' : ''}: all caught up ${caughtUpMs} ms after the restart; ` +
        `${traffic.queries} queries, ${traffic.mutations} mutations, ${traffic.bytes} bytes over HTTP (${perProcedure || 'none'}); ` +
        `over the new sockets ${socketTraffic.bytes} bytes both ways, mutations: ${[...socketTraffic.mutations].map(([name, n]) => `${name} ${n}`).join(', ') || 'none'}`,
    );

    const wrong: string[] = [];
    for (const [i, page] of tabs.entries()) {
      const counts = [await shows(page, 1), await shows(page, 2), await shows(page, 3)];
      const isLive = (await live(page).count()) === 1;
      if (counts.join() !== '1,1,1' || !isLive) wrong.push(`tab ${i}: shown ${counts.join()}, live ${isLive}; ${(frames[i] ?? []).join(' | ')}`);
    }
    expect(wrong).toEqual([]);
    if (BEFORE) return;
    // Nothing on screen is refetched: the room list's counts are asked for only when a read marker
    // lands short of the newest message (only the server can count what is left), and marking the
    // new messages read is the tabs reading them, not catching up.
    const refetched = [...traffic.procedures.keys()].filter((name) => name !== 'room.list' && name !== 'room.markRead');
    expect(refetched).toEqual([]);
  }, 300_000);
});
