import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Route } from 'playwright-core';
import { startServer, type TestServer } from '../../server/test/harness.js';
import { ensureWebBuilt, launchBrowser, openUserPage, screenshot, type UserPage } from './browser.js';

const LONG = { timeout: 15_000 };
const MESSAGES = 300;

const messageLog = (page: Page) => page.getByRole('log');
const scrollTop = (page: Page) => messageLog(page).evaluate((el) => el.scrollTop);
const distanceFromBottom = (page: Page) => messageLog(page).evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);

describe('a long room in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let reader: UserPage;
  let writer: Awaited<ReturnType<TestServer['signUp']>>;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer({ build: { limits: { sendsPerUser: { max: 100_000, windowMs: 1_000 } } } });
    writer = await server.signUp('Writer Wu');
    const room = await writer.client.room.create.mutate({ name: 'Archive', visibility: 'public' });
    for (let i = 1; i <= MESSAGES; i++) {
      await writer.client.message.send.mutate({ roomId: room.id, body: `Line ${i} of the archive`, clientId: `seed-${i}` });
    }
    const { user } = await server.signUp('Reader Ro');
    browser = await launchBrowser();
    reader = await openUserPage(browser, server.url);
    await reader.page.getByLabel('Email').fill(user.email);
    await reader.page.getByLabel('Password').fill('correct horse battery');
    await reader.page.getByRole('button', { name: 'Sign in' }).click();
    await reader.page.getByRole('button', { name: 'Browse public rooms', exact: true }).click();
    await reader.page.getByRole('button', { name: 'Join Archive' }).click();
    await messageLog(reader.page).getByText(`Line ${MESSAGES} of the archive`).waitFor(LONG);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens at the newest message with only a window of messages in the page', async () => {
    await expect.poll(() => distanceFromBottom(reader.page), LONG).toBeLessThan(5);
    const rendered = await messageLog(reader.page).locator('article').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(60);
  });

  it('scrolling up loads older history without moving what you are reading', async () => {
    const log = messageLog(reader.page);
    // Scroll to the top of the first page: the next page loads above it.
    await log.evaluate((el) => el.scrollTo({ top: 0 }));
    await log.getByText('Line 250 of the archive', { exact: true }).waitFor(LONG);
    // Line 251 was the top message when the page above arrived: it must still be near the top of the view.
    const anchor = log.getByText('Line 251 of the archive', { exact: true });
    await anchor.waitFor(LONG);
    expect(await scrollTop(reader.page)).toBeGreaterThan(500);
    const view = await log.boundingBox();
    const before = await anchor.boundingBox();
    expect(view && before).toBeTruthy();
    expect((before?.y ?? 0) - (view?.y ?? 0)).toBeGreaterThan(-40);
    expect((before?.y ?? 0) - (view?.y ?? 0)).toBeLessThan(250);
    await reader.page.waitForTimeout(300);
    const after = await anchor.boundingBox();
    expect(Math.abs((after?.y ?? 0) - (before?.y ?? 0))).toBeLessThan(4);

    // Keep going up until the very first message and the start of the room are both there. A page
    // that lands moves the view back down to keep your place, so each round scrolls to the top again;
    // seeing Line 1 alone is not enough: it can be in the page for one frame before the view moves.
    await expect
      .poll(
        async () => {
          await log.evaluate((el) => el.scrollTo({ top: 0 }));
          return {
            first: await log.getByText('Line 1 of the archive', { exact: true }).count(),
            start: await log.getByText('Beginning of Archive').count(),
          };
        },
        { timeout: 60_000, interval: 300 },
      )
      .toEqual({ first: 1, start: 1 });
    expect(await log.locator('article').count()).toBeLessThan(80);
  });

  it('a new message while reading history offers a jump instead of yanking the view', async () => {
    const log = messageLog(reader.page);
    const top = await scrollTop(reader.page);
    const { id: roomId } = (await writer.client.room.list.query())[0] ?? { id: '' };
    await writer.client.message.send.mutate({ roomId, body: 'Fresh news at the bottom', clientId: 'fresh-1' });
    const jump = reader.page.getByRole('button', { name: '1 new message' });
    await jump.waitFor(LONG);
    expect(Math.abs((await scrollTop(reader.page)) - top)).toBeLessThan(4);
    await screenshot(reader.page, 'history-jump-desktop-light');
    await jump.click();
    await log.getByText('Fresh news at the bottom').waitFor(LONG);
    await expect.poll(() => distanceFromBottom(reader.page), LONG).toBeLessThan(5);

    // At the bottom, the next message keeps the view pinned there.
    await writer.client.message.send.mutate({ roomId, body: 'And one more', clientId: 'fresh-2' });
    await log.getByText('And one more').waitFor(LONG);
    await expect.poll(() => distanceFromBottom(reader.page), LONG).toBeLessThan(5);
  });

  // The list puts the view back at the bottom on every render while you are there; a render that comes
  // between your scroll and its scroll event (a live event, a panel opening) must not take it back.
  it('a scroll up stays put when a render comes before its scroll event', async () => {
    const log = messageLog(reader.page);
    await expect.poll(() => distanceFromBottom(reader.page), LONG).toBeLessThan(5);
    // one task: the scroll, then a render (the members panel opens) before the browser reports the scroll
    await log.evaluate((el) => {
      el.scrollTo({ top: 0 });
      document.querySelector<HTMLButtonElement>('.member-stack')?.click();
    });
    await reader.page.getByRole('button', { name: 'Jump to latest' }).waitFor(LONG);
    await log.getByText('Beginning of Archive').waitFor(LONG);
    expect(await scrollTop(reader.page)).toBeLessThan(100);
    await reader.page.getByRole('button', { name: /^Members/ }).click();
  });

  it('a load of older messages cut short by a reconnect is made again while you wait at the top, without scrolling', async () => {
    const { page } = reader;
    await page.reload();
    const log = messageLog(page);
    await log.getByText('And one more').waitFor(LONG);
    // The first request for an older page gets no answer until the server goes away, which cuts it off.
    let olderRequests = 0;
    let held: Route | null = null;
    await page.route(/\/trpc\/[^?]*message\.history/, async (route) => {
      if (!/"cursor":\d/.test(decodeURIComponent(route.request().url()))) return route.continue();
      olderRequests += 1;
      if (olderRequests > 1) return route.continue();
      held = route;
    });
    // The newest page is the two fresh messages and Lines 300-253: its top is Line 253.
    await log.evaluate((el) => el.scrollTo({ top: 0 }));
    await expect.poll(() => olderRequests, LONG).toBe(1);
    expect(await scrollTop(page)).toBeLessThan(400);

    const { dataDir, port } = server;
    await server.close({ keepData: true });
    await (held as Route | null)?.abort('connectionreset');
    await page.getByText(/Reconnecting|Connecting|Offline/).waitFor(LONG);
    server = await startServer({ dataDir, port });
    await page.getByText('Live').waitFor({ timeout: 30_000 });

    // No scroll event comes (the view never moved), yet the page above must load.
    await log.getByText('Line 252 of the archive', { exact: true }).waitFor({ timeout: 30_000 });
    expect(olderRequests).toBeGreaterThanOrEqual(2);
    await page.unrouteAll({ behavior: 'ignoreErrors' });
  }, 120_000);
});
