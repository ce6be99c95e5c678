import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from '../../server/test/harness.js';
import { ensureWebBuilt, launchBrowser, openUserPage, type UserPage } from './browser.js';

const LONG = { timeout: 20_000 };
const roomEntry = (page: Page, name: string) => page.getByRole('navigation', { name: 'Rooms' }).getByRole('button', { name: new RegExp(name) });

// A room's notification level (issue 15), set in one tab of a user, shows in their other tab at
// once: the muted icon, no count while muted, an @ badge for a mention of them.
describe('notification levels in two tabs of one user', () => {
  let server: TestServer;
  let browser: Browser;
  let ana: UserPage;
  let second: Page;
  let bo: Awaited<ReturnType<TestServer['signUp']>>;
  let roomId = '';
  let sent = 0;
  const say = (body: string) => bo.client.message.send.mutate({ roomId, body, clientId: `bo-${++sent}` });

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer();
    bo = await server.signUp('Bo Berg');
    const anaAccount = await server.signUp('Ana Lima');
    const room = await bo.client.room.create.mutate({ name: 'Standup', visibility: 'private', memberIds: [anaAccount.user.id] });
    roomId = room.id;
    await bo.client.room.create.mutate({ name: 'Elsewhere', visibility: 'private', memberIds: [anaAccount.user.id] });
    browser = await launchBrowser();
    ana = await openUserPage(browser, server.url);
    await ana.page.getByLabel('Email').fill(anaAccount.user.email);
    await ana.page.getByLabel('Password').fill('correct horse battery');
    await ana.page.getByRole('button', { name: 'Sign in' }).click();
    await roomEntry(ana.page, 'Standup').waitFor(LONG);
    second = await ana.context.newPage();
    await second.goto('/');
    await roomEntry(second, 'Standup').waitFor(LONG);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('muting in one tab shows in the other, and a muted room counts nothing', async () => {
    await say('one');
    const badge = roomEntry(second, 'Standup').locator('.badge:not(.badge-mention)');
    await expect.poll(() => badge.textContent().catch(() => null), LONG).toBe('1');
    // A group is at "mentions" by default: its unread message is in its badge, not in the title's count.
    expect(await second.title()).not.toMatch(/^\(/);

    await roomEntry(ana.page, 'Standup').click();
    await ana.page.getByRole('button', { name: /^Notifications:/ }).click();
    await ana.page.getByRole('menuitemradio', { name: /Nothing/ }).click();
    await ana.page.getByRole('button', { name: 'Notifications: Nothing (mute)' }).waitFor(LONG);
    await roomEntry(ana.page, 'Elsewhere').click();

    await roomEntry(second, 'Standup').getByLabel('Muted').waitFor(LONG);
    await say('two');
    await say('three');
    await expect.poll(() => badge.count(), LONG).toBe(0);
    expect(await roomEntry(ana.page, 'Standup').locator('.badge').count()).toBe(0);
  });

  it('an @mention of me still shows as an @ badge in a muted room', async () => {
    await say('@Ana Lima can you look?');
    for (const page of [ana.page, second]) {
      await roomEntry(page, 'Standup').getByLabel('1 mention of you').waitFor(LONG);
      expect(await roomEntry(page, 'Standup').locator('.badge:not(.badge-mention)').count()).toBe(0);
    }
    // The mention counts in the title, the muted messages do not.
    await expect.poll(() => second.title(), LONG).toMatch(/^\(1\) /);
  });

  it('back to all messages: the count returns in both tabs', async () => {
    await roomEntry(second, 'Standup').click();
    await second.getByRole('button', { name: /^Notifications:/ }).click();
    await second.getByRole('menuitemradio', { name: /All messages/ }).click();
    await roomEntry(second, 'Elsewhere').click();
    await roomEntry(ana.page, 'Standup')
      .getByLabel('Muted')
      .waitFor({ state: 'detached', ...LONG });
    await say('four');
    for (const page of [ana.page, second]) {
      await expect
        .poll(
          () =>
            roomEntry(page, 'Standup')
              .locator('.badge:not(.badge-mention)')
              .textContent()
              .catch(() => null),
          LONG,
        )
        .toBe('1');
    }
    // At "all" every unread message counts in the title again.
    await expect.poll(() => ana.page.title(), LONG).toMatch(/^\(1\) /);
  });
});
