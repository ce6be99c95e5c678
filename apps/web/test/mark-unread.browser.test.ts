import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, withChatServer } from './browser.js';

const LONG = { timeout: 20_000 };
const roomEntry = (page: Page, name: string) => page.getByRole('navigation', { name: 'Rooms' }).getByRole('button', { name: new RegExp(name) });
const messageLog = (page: Page) => page.getByRole('log');

// "Mark as unread" on any message (issue 15): the marker goes back before it, the room's badge
// counts from there, the "New" line moves there at once, and opening the room again lands on it
// without marking everything read (only what comes on screen is).
describe('Mark as unread', () => {
  const chat = withChatServer({ build: { limits: { sendsPerUser: { max: 10_000, windowMs: 1_000 } } } });

  it('moves the "New" line and the badge, and reopening the room does not read it all at once', async () => {
    const { server } = chat;
    const bo = await server.signUp('Bo Unread');
    const ana = await server.signUp('Ana Unread');
    const room = await bo.client.room.create.mutate({ name: `Review ${Date.now()}`, visibility: 'private', memberIds: [ana.user.id] });
    await bo.client.room.create.mutate({ name: `Lobby ${Date.now()}`, visibility: 'private', memberIds: [ana.user.id] });
    const sent: { id: number }[] = [];
    for (let i = 1; i <= 40; i++) sent.push(await bo.client.message.send.mutate({ roomId: room.id, body: `Point ${i}`, clientId: `p-${i}` }));
    const last = sent[sent.length - 1];
    if (!last) throw new Error('messages were sent');
    await ana.client.room.markRead.mutate({ roomId: room.id, messageId: last.id });

    const { page } = await chat.open();
    await page.getByLabel('Email').fill(ana.user.email);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await roomEntry(page, 'Review').click();
    await messageLog(page).getByText('Point 40', { exact: true }).waitFor(LONG);

    // Up to Point 10 (the list is virtualized: its row exists once it is near the view).
    await messageLog(page).evaluate((log) => (log.scrollTop = 0));
    const row = messageLog(page)
      .getByRole('article')
      .filter({ has: page.getByText('Point 10', { exact: true }) });
    await row.waitFor(LONG);
    await row.hover({ position: { x: 24, y: 12 } });
    await row.getByRole('button', { name: /More actions/ }).click();
    await page.getByRole('menuitem', { name: 'Mark as unread' }).click();
    // The "New" line right above it, in the open room, at once.
    const separator = messageLog(page).getByRole('separator').filter({ hasText: 'New' });
    await separator.waitFor(LONG);
    const line = await separator.boundingBox();
    const message = await row.boundingBox();
    expect(line && message && message.y - (line.y + line.height)).toBeGreaterThanOrEqual(-1);
    expect(line && message && message.y - (line.y + line.height)).toBeLessThan(24);
    const listed = async () => (await ana.client.room.list.query()).find((r) => r.id === room.id);
    expect((await listed())?.unreadCount).toBe(31);
    await screenshot(page, 'mark-unread-new-line');

    // Elsewhere, the room's badge counts the 31.
    await roomEntry(page, 'Lobby').click();
    await expect
      .poll(
        () =>
          roomEntry(page, 'Review')
            .locator('.badge:not(.badge-mention)')
            .textContent()
            .catch(() => null),
        LONG,
      )
      .toBe('31');

    // Back: it lands on the "New" line, and the marker moves only as far as what is on screen.
    await page.setViewportSize({ width: 1280, height: 420 });
    await roomEntry(page, 'Review').click();
    await separator.waitFor(LONG);
    await messageLog(page).getByText('Point 10', { exact: true }).waitFor(LONG);
    await expect.poll(async () => (await listed())?.lastReadMessageId ?? 0, LONG).toBeGreaterThanOrEqual(sent[9]?.id ?? 0);
    expect((await listed())?.unreadCount).toBeGreaterThan(0);
    expect(await messageLog(page).getByText('Point 40', { exact: true }).isVisible()).toBe(false);
  });
});
