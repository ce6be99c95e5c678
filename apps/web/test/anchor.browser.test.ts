import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Request } from 'playwright-core';
import { startServer, type TestServer } from '../../server/test/harness.js';
import { ensureWebBuilt, launchBrowser, openUserPage, type UserPage } from './browser.js';

const LONG = { timeout: 15_000 };
const MESSAGES = 200;

const messageLog = (page: Page) => page.getByRole('log');
const line = (page: Page, n: number) => messageLog(page).getByText(`Line ${n} of the archive`, { exact: true });

/** whether the element sits inside the visible part of the message list */
async function inView(page: Page, n: number): Promise<boolean> {
  const view = await messageLog(page).boundingBox();
  const box = await line(page, n)
    .boundingBox()
    .catch(() => null);
  if (!view || !box) return false;
  return box.y >= view.y && box.y + box.height <= view.y + view.height;
}

// Opening a room at a message (#/r/<room>/m/<id>, or openAt from a search hit, a reply or a
// notification) lands on it highlighted, with history loading both ways from there.
describe('a room opened at a message', () => {
  let server: TestServer;
  let browser: Browser;
  let reader: UserPage;
  let roomId = '';
  let writer: Awaited<ReturnType<TestServer['signUp']>>;
  const ids: number[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer({ build: { limits: { sendsPerUser: { max: 100_000, windowMs: 1_000 } } } });
    writer = await server.signUp('Writer Wu');
    const readerAccount = await server.signUp('Reader Ro');
    const room = await writer.client.room.create.mutate({ name: 'Archive', visibility: 'public', memberIds: [readerAccount.user.id] });
    roomId = room.id;
    for (let i = 1; i <= MESSAGES; i++) {
      const sent = await writer.client.message.send.mutate({ roomId, body: `Line ${i} of the archive`, clientId: `seed-${i}` });
      ids.push(sent.id);
    }
    // Read up to the end: no unread landing gets in the way.
    await readerAccount.client.room.markRead.mutate({ roomId, messageId: ids[MESSAGES - 1] ?? 0 });
    browser = await launchBrowser();
    reader = await openUserPage(browser, server.url);
    await reader.page.getByLabel('Email').fill(readerAccount.user.email);
    await reader.page.getByLabel('Password').fill('correct horse battery');
    await reader.page.getByRole('button', { name: 'Sign in' }).click();
    await reader.page.getByRole('button', { name: 'Sign out' }).waitFor(LONG);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lands on the message, highlighted, without the newest page', async () => {
    await reader.page.evaluate(([room, id]) => (location.hash = `#/r/${room}/m/${id}`), [roomId, String(ids[59])] as const);
    await line(reader.page, 60).waitFor(LONG);
    await expect.poll(() => inView(reader.page, 60), LONG).toBe(true);
    const row = reader.page.locator('.message-row.is-landed');
    await expect.poll(() => row.textContent(), LONG).toContain('Line 60 of the archive');
    expect(await line(reader.page, MESSAGES).count()).toBe(0);
    // The highlight fades: it is a moment, not a state.
    await expect.poll(() => row.count(), LONG).toBe(0);
  });

  it('loads newer messages when scrolled down, up to the newest', async () => {
    const log = messageLog(reader.page);
    await expect
      .poll(
        async () => {
          // a scroll with no wheel or key before it (a scrollbar drag, a script): landing lets go all the same
          await log.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
          return line(reader.page, MESSAGES).count();
        },
        { timeout: 60_000, interval: 300 },
      )
      .toBe(1);
    await expect.poll(() => log.getByText('Loading newer messages…').count(), LONG).toBe(0);
  }, 90_000);

  // Up from the message a third of a view at a time, as a reader goes: Line 60 is two pages above, and
  // each line passes through the rendered rows on the way. (Jumping to the top each round, as this test once did,
  // can skip it: once the page holding Line 60 and the one above it are both in, the view never shows
  // the middle again. That was the "intermittent" failure under load, not the list.)
  it('loads older messages when scrolled up from the message', async () => {
    await reader.page.evaluate(([room, id]) => (location.hash = `#/r/${room}/m/${id}`), [roomId, String(ids[119])] as const);
    await expect.poll(() => inView(reader.page, 120), LONG).toBe(true);
    const log = messageLog(reader.page);
    const cursors: string[] = [];
    const onRequest = (request: Request) => {
      const older = /message\.history.*"cursor":(\d+)/.exec(decodeURIComponent(request.url()));
      if (older?.[1]) cursors.push(older[1]);
    };
    reader.page.on('request', onRequest);
    await expect
      .poll(
        async () => {
          await log.evaluate((el) => el.scrollBy({ top: -el.clientHeight / 3 }));
          return line(reader.page, 60).count();
        },
        { timeout: 60_000, interval: 300 },
      )
      .toBe(1);
    // and on up to the beginning of the room, each older page once (both in one look: while a page lands
    // above, the top rows can be on the page for a frame before the view moves back to your place)
    await expect
      .poll(
        async () => {
          await log.evaluate((el) => el.scrollBy({ top: -el.clientHeight / 3 }));
          return { start: await log.getByText('Beginning of Archive').count(), first: await line(reader.page, 1).count() };
        },
        { timeout: 60_000, interval: 300 },
      )
      .toEqual({ start: 1, first: 1 });
    reader.page.off('request', onRequest);
    expect(cursors.length).toBeGreaterThanOrEqual(2);
    expect(new Set(cursors).size).toBe(cursors.length);
  }, 150_000);

  it('shows a live message only once the view reaches the newest, and "Jump to latest" gets there', async () => {
    await reader.page.evaluate(([room, id]) => (location.hash = `#/r/${room}/m/${id}`), [roomId, String(ids[9])] as const);
    await expect.poll(() => inView(reader.page, 10), LONG).toBe(true);
    await writer.client.message.send.mutate({ roomId, body: 'A live one', clientId: 'live-1' });
    // Not in the pages loaded around line 10: it arrives when the view gets down there.
    await reader.page.getByRole('button', { name: 'Jump to latest' }).waitFor(LONG);
    expect(await messageLog(reader.page).getByText('A live one').count()).toBe(0);
    await reader.page.getByRole('button', { name: 'Jump to latest' }).click();
    await messageLog(reader.page).getByText('A live one').waitFor(LONG);
    await expect.poll(() => inView(reader.page, MESSAGES), LONG).toBe(true);
    expect(await reader.page.evaluate(() => location.hash)).toBe(`#/r/${roomId}`);
  });

  // Landing keeps the message in place while rows are measured; a scroll of yours ends that, even one the
  // browser has not reported yet when the next render comes (here: the members panel opening at once).
  it('a scroll right after landing is yours, even when a render comes before its scroll event', async () => {
    await reader.page.evaluate(([room, id]) => (location.hash = `#/r/${room}/m/${id}`), [roomId, String(ids[149])] as const);
    await expect.poll(() => inView(reader.page, 150), LONG).toBe(true);
    const log = messageLog(reader.page);
    const landed = await line(reader.page, 150).boundingBox();
    await log.evaluate((el) => {
      el.scrollBy({ top: -250 });
      document.querySelector<HTMLButtonElement>('.member-stack')?.click();
    });
    await reader.page.getByRole('button', { name: /^Members/ }).click();
    // the message moved down with the scroll (by half of it at least: rows measured meanwhile move it a
    // little; before, the landing put it straight back, 0 px), and stays there through the renders that follow
    await expect.poll(async () => ((await line(reader.page, 150).boundingBox())?.y ?? 0) - (landed?.y ?? 0), LONG).toBeGreaterThan(125);
    await expect.poll(() => reader.page.locator('.message-row.is-landed').count(), LONG).toBe(0);
    expect(((await line(reader.page, 150).boundingBox())?.y ?? 0) - (landed?.y ?? 0)).toBeGreaterThan(125);
  });
});
