import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TestServer } from '../../server/test/harness.js';
import { withChatServer, type UserPage } from './browser.js';

const LONG = { timeout: 20_000 };
const roomEntry = (page: Page, name: string) => page.getByRole('navigation', { name: 'Rooms' }).getByRole('button', { name: new RegExp(name) });
const dmEntry = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Direct messages' }).getByRole('button', { name: new RegExp(name) });

async function signIn(page: Page, email: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor(LONG);
}

// Defects of issue 15 a first week showed: 1 (the first DM from someone new notifies) and 10
// (an empty DM says its beginning once; leaving a room asks first).
describe('a first week', () => {
  const chat = withChatServer();
  let ana: UserPage;
  let bo: Awaited<ReturnType<TestServer['signUp']>>;
  let anaId = '';
  let anaClient: Awaited<ReturnType<TestServer['signUp']>>['client'];

  beforeAll(async () => {
    bo = await chat.server.signUp('Bo Berg');
    const account = await chat.server.signUp('Ana Lima');
    anaId = account.user.id;
    anaClient = account.client;
    ana = await chat.open();
    await signIn(ana.page, account.user.email);
  }, 120_000);

  it('the first DM from someone new pops a notification while the tab is hidden', async () => {
    await ana.context.grantPermissions(['notifications']);
    await ana.page.getByRole('button', { name: 'Enable notifications' }).click();
    await ana.page.getByRole('button', { name: 'Enable notifications' }).waitFor({ state: 'hidden' });
    await ana.page.evaluate(() => {
      const shown: Array<{ title: string; body: string }> = [];
      Object.assign(window, { shownNotifications: shown });
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      class RecordingNotification {
        onclick: (() => void) | null = null;
        constructor(title: string, options?: { body?: string }) {
          shown.push({ title, body: options?.body ?? '' });
        }
        close() {}
      }
      Object.assign(window, { Notification: RecordingNotification });
    });
    const dm = await bo.client.room.openDirect.mutate({ userId: anaId });
    await bo.client.message.send.mutate({ roomId: dm.id, body: 'Hi Ana, first time here', clientId: 'first-dm' });
    const shown = () =>
      ana.page.evaluate(() => (window as unknown as { shownNotifications: Array<{ title: string; body: string }> }).shownNotifications);
    await expect.poll(shown, LONG).toEqual([{ title: 'Bo Berg', body: 'Hi Ana, first time here' }]);
    await dmEntry(ana.page, 'Bo Berg').waitFor(LONG);
    await ana.page.evaluate(() => Reflect.deleteProperty(document, 'visibilityState'));
  });

  it('an empty DM says its beginning once', async () => {
    const cy = await chat.server.signUp('Cy Chen');
    await anaClient.contact.add.mutate({ email: cy.user.email });
    // A contact added by another device shows after a reload (contacts have no live event).
    await ana.page.reload();
    await ana.page.getByTitle('Message Cy Chen').click();
    await ana.page.getByRole('heading', { name: 'Cy Chen' }).waitFor(LONG);
    await ana.page.getByText('No messages yet').waitFor(LONG);
    expect(
      await ana.page
        .getByRole('main')
        .getByText(/beginning/i)
        .count(),
    ).toBe(1);
  });

  // Confirming, and the room going away for good, is chat.browser's private-room test.
  it('leaving a room asks first, and "Stay" keeps it', async () => {
    await bo.client.room.create.mutate({ name: 'Lunch', visibility: 'private', memberIds: [anaId] });
    await roomEntry(ana.page, 'Lunch').click();
    await ana.page.getByRole('button', { name: /^Members/ }).click();
    await ana.page.getByRole('button', { name: 'Leave room' }).click();
    const question = ana.page.getByRole('group', { name: 'Leave Lunch?' });
    await question.waitFor(LONG);
    await ana.page.getByRole('button', { name: 'Stay' }).click();
    await question.waitFor({ state: 'detached', ...LONG });
    // Still a member: the server lists the room for Ana after a reload.
    await ana.page.reload();
    await roomEntry(ana.page, 'Lunch').waitFor(LONG);
    expect((await anaClient.room.list.query()).some((room) => room.name === 'Lunch')).toBe(true);
  });

  it('the team name heads the sidebar and the page title (issue 10)', async () => {
    // Bo signed up first on this server: he is its admin.
    await bo.client.admin.updateTeam.mutate({ name: 'Acme Works' });
    await ana.page.reload();
    await ana.page.locator('.sidebar-title', { hasText: 'Acme Works' }).waitFor(LONG);
    await expect.poll(() => ana.page.title(), LONG).toMatch(/Acme Works$/);
  });
});
