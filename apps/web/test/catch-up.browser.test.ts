import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from '../../server/test/harness.js';
import { ensureWebBuilt, launchBrowser, openUserPage, type UserPage } from './browser.js';

const LONG = { timeout: 20_000 };
const UNREAD = 60;
const roomEntry = (page: Page, name: string) => page.getByRole('navigation', { name: 'Rooms' }).getByRole('button', { name: new RegExp(name) });
const line = (page: Page, n: number) => page.getByRole('log').getByText(`Update ${n} of the day`, { exact: true });

// Opening a room with many unread messages lands on the first unread one under a "N new
// messages since …" bar; the marker moves only as far as what was seen, not all at once.
describe('catching up on a busy room', () => {
  let server: TestServer;
  let browser: Browser;
  let ana: UserPage;
  let anaClient: Awaited<ReturnType<TestServer['signUp']>>['client'];
  let roomId = '';

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer({ build: { limits: { sendsPerUser: { max: 100_000, windowMs: 1_000 } } } });
    const bo = await server.signUp('Bo Berg');
    const account = await server.signUp('Ana Lima');
    anaClient = account.client;
    const room = await bo.client.room.create.mutate({ name: 'Launch', visibility: 'private', memberIds: [account.user.id] });
    roomId = room.id;
    let last = 0;
    for (let i = 1; i <= 30; i++) last = (await bo.client.message.send.mutate({ roomId, body: `Earlier ${i}`, clientId: `e-${i}` })).id;
    await anaClient.room.markRead.mutate({ roomId, messageId: last });
    for (let i = 1; i <= UNREAD; i++) await bo.client.message.send.mutate({ roomId, body: `Update ${i} of the day`, clientId: `u-${i}` });
    browser = await launchBrowser();
    ana = await openUserPage(browser, server.url);
    await ana.page.getByLabel('Email').fill(account.user.email);
    await ana.page.getByLabel('Password').fill('correct horse battery');
    await ana.page.getByRole('button', { name: 'Sign in' }).click();
    await roomEntry(ana.page, 'Launch').waitFor(LONG);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const serverUnread = async () => (await anaClient.room.list.query()).find((r) => r.id === roomId)?.unreadCount;

  it('lands on the first unread under the bar, and reads only what was seen', async () => {
    await roomEntry(ana.page, 'Launch').click();
    await ana.page
      .getByRole('status')
      .filter({ hasText: `${UNREAD} new messages since` })
      .waitFor(LONG);
    await line(ana.page, 1).waitFor(LONG);
    const view = await ana.page.getByRole('log').boundingBox();
    const first = await line(ana.page, 1).boundingBox();
    expect(first && view && first.y >= view.y && first.y < view.y + view.height).toBe(true);
    expect(await line(ana.page, UNREAD).isVisible()).toBe(false);
    // The marker moved to what is on screen: some read, most not.
    await expect.poll(serverUnread, LONG).toBeLessThan(UNREAD);
    expect(await serverUnread()).toBeGreaterThan(UNREAD / 2);
  });

  it('"Mark as read" reads everything and the bar goes', async () => {
    await ana.page.getByRole('button', { name: 'Mark as read' }).click();
    await expect.poll(serverUnread, LONG).toBe(0);
    await ana.page
      .getByRole('status')
      .filter({ hasText: 'new messages since' })
      .waitFor({ state: 'detached', ...LONG });
  });
});
