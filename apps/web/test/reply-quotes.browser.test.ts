import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { TestServer } from '../../server/test/harness.js';
import { excerptOf } from '../../../packages/api/src/services/message-dto.js';
import { screenshot, withChatServer, type UserPage } from './browser.js';

const LONG = { timeout: 15_000 };
const composer = (page: Page) => page.getByRole('textbox', { name: 'Message' });
const article = (page: Page, text: string) => page.locator('article[data-message-id]', { hasText: text });

async function signIn(chat: { open: () => Promise<UserPage> }, email: string): Promise<UserPage> {
  const user = await chat.open();
  await user.page.getByLabel('Email').fill(email);
  await user.page.getByLabel('Password').fill('correct horse battery');
  await user.page.getByRole('button', { name: 'Sign in' }).click();
  await user.page.getByRole('button', { name: 'Sign out' }).waitFor(LONG);
  await user.page
    .getByRole('navigation', { name: 'Rooms' })
    .getByRole('button', { name: /Quotes/ })
    .click(LONG);
  return user;
}

/** The quote above a reply, as the reader sees it. */
const quoteText = (reply: Locator) => reply.locator('.reply-quote').textContent();

// A reply quotes its original ({ id, author, excerpt }). When the original is edited or deleted later,
// the replies already on screen follow at once, in every browser the event reaches, with the excerpt
// the server would send on a reload.
describe('reply quotes follow their original', () => {
  const chat = withChatServer();
  let server: TestServer;
  let ana: UserPage;
  let bo: UserPage;

  it('an edit of the original shows in the replies on both screens, a delete reads "deleted message"', async () => {
    server = chat.server;
    const anaAccount = await server.signUp('Ana Quote');
    const boAccount = await server.signUp('Bo Quote');
    const room = await anaAccount.client.room.create.mutate({ name: 'Quotes', visibility: 'public', memberIds: [boAccount.user.id] });
    const sent = await anaAccount.client.message.send.mutate({ roomId: room.id, body: 'We ship on Friday', clientId: randomUUID() });
    const originalIn = (page: Page) => page.locator(`article[data-message-id="${sent.id}"]`);
    ana = await signIn(chat, anaAccount.user.email);
    bo = await signIn(chat, boAccount.user.email);

    // Bo answers it from his browser
    const original = originalIn(bo.page);
    await original.waitFor(LONG);
    await original.hover({ position: { x: 24, y: 12 } });
    await original.getByRole('button', { name: 'Reply', exact: true }).click();
    await composer(bo.page).fill('Friday works for me');
    await composer(bo.page).press('Enter');
    const replies = [article(bo.page, 'Friday works for me'), article(ana.page, 'Friday works for me')];
    for (const reply of replies) await expect.poll(() => quoteText(reply), LONG).toContain('We ship on Friday');

    // Ana edits the original in hers: long enough to be cut, with runs of spaces the excerpt folds
    const edited = `We ship on Monday   instead, ${'because the release notes still need a careful read '.repeat(4)}and a last look.`;
    const mine = originalIn(ana.page);
    await mine.hover({ position: { x: 24, y: 12 } });
    await mine.getByRole('button', { name: 'Edit message' }).click();
    const editor = ana.page.getByRole('textbox', { name: 'Edit message' });
    await editor.fill(edited);
    await editor.press('Enter');
    const excerpt = excerptOf(edited);
    expect(excerpt.endsWith('…')).toBe(true);
    for (const reply of replies) {
      await expect.poll(() => reply.locator('.reply-quote-excerpt').textContent(), LONG).toBe(excerpt);
    }
    await screenshot(bo.page, 'reply-quote-after-edit-light');
    // a reload reads the same from the server
    await bo.page.reload();
    await expect.poll(() => article(bo.page, 'Friday works for me').locator('.reply-quote-excerpt').textContent(), LONG).toBe(excerpt);

    // Ana deletes it: both replies say so, and the quote no longer jumps anywhere
    const again = originalIn(ana.page);
    await again.hover({ position: { x: 24, y: 12 } });
    await again.getByRole('button', { name: 'Delete message' }).click();
    await again.getByRole('button', { name: 'Delete', exact: true }).click();
    for (const reply of replies) {
      await reply.locator('.reply-quote').getByText('Replying to a deleted message').waitFor(LONG);
      expect(await reply.locator('.reply-quote').evaluate((element) => element.tagName)).not.toBe('BUTTON');
    }
  }, 90_000);
});
