import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { ConfabClient } from '@confab/sdk';
import { startServer, type TestServer } from '../../server/test/harness.js';
import { ensureWebBuilt, launchBrowser, newUser, openUserPage, screenshot, signUpInBrowser, type UserPage } from './browser.js';

const LONG = { timeout: 15_000 };
const composer = (page: Page) => page.getByRole('textbox', { name: 'Message' });

describe('replies and emoji in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let bo: UserPage;
  let ana: ConfabClient;
  let dmId: string;
  const boUser = newUser('Bo Reply');

  async function fromAna(body: string, replyToId?: number): Promise<{ id: number; row: Locator }> {
    const sent = await ana.message.send.mutate({ roomId: dmId, body, clientId: randomUUID(), replyToId });
    const row = bo.page.locator(`[data-message-id="${sent.id}"]`);
    await row.waitFor(LONG);
    return { id: sent.id, row };
  }

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer();
    browser = await launchBrowser();
    bo = await openUserPage(browser, server.url);
    await signUpInBrowser(bo.page, boUser);
    ana = (await server.signUp('Ana Reply')).client;
    const boRow = server.app.confab.db.$client.prepare('SELECT id FROM user WHERE email = ?').get(boUser.email) as { id: string };
    dmId = (await ana.room.openDirect.mutate({ userId: boRow.id })).id;
    await ana.message.send.mutate({ roomId: dmId, body: 'hello Bo', clientId: randomUUID() });
    await bo.page
      .getByRole('navigation', { name: 'Direct messages' })
      .getByRole('button', { name: /Ana Reply/ })
      .click(LONG);
    // my own message takes the list to the bottom, whatever it opened at
    await composer(bo.page).fill('hi Ana');
    await composer(bo.page).press('Enter');
    await bo.page.locator('article', { hasText: 'hi Ana' }).waitFor(LONG);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
  });

  it('Reply shows a bar above the composer, sends with replyToId, and the reply quotes the original', async () => {
    const { id, row } = await fromAna('shall we ship on Friday?');
    await row.hover({ position: { x: 24, y: 12 } });
    await row.getByRole('button', { name: 'Reply', exact: true }).click();
    const bar = bo.page.getByRole('status', { name: 'Replying to Ana Reply' });
    await bar.waitFor(LONG);
    expect(await bar.textContent()).toContain('shall we ship on Friday?');
    await expect.poll(() => composer(bo.page).evaluate((area) => area === document.activeElement), LONG).toBe(true);
    await screenshot(bo.page, 'reply-bar-light');

    // Escape cancels it
    await composer(bo.page).press('Escape');
    await bar.waitFor({ state: 'detached' });

    await row.hover({ position: { x: 24, y: 12 } });
    await row.getByRole('button', { name: 'Reply', exact: true }).click();
    await composer(bo.page).fill('Friday works');
    await composer(bo.page).press('Enter');
    await bar.waitFor({ state: 'detached' });
    const reply = bo.page.locator('article[data-message-id]', { hasText: 'Friday works' });
    await reply.locator('.reply-quote').waitFor(LONG);
    expect(await reply.locator('.reply-quote').textContent()).toContain('Ana Reply');
    expect(await reply.locator('.reply-quote').textContent()).toContain('shall we ship on Friday?');

    const history = await ana.message.history.query({ roomId: dmId });
    expect(history.messages.find((m) => m.body === 'Friday works')?.replyTo?.id).toBe(id);

    // the quote jumps to the original, highlighted
    await reply.locator('.reply-quote').click();
    await expect.poll(() => bo.page.locator('.message-row.is-landed').textContent(), LONG).toContain('shall we ship on Friday?');
  });

  it('a reply to a message deleted later reads "deleted message"', async () => {
    const original = await fromAna('this will vanish');
    const { row } = await fromAna('answering the vanishing one', original.id);
    await row.locator('.reply-quote').getByText('this will vanish').waitFor(LONG);
    await ana.message.delete.mutate({ messageId: original.id });
    await original.row.getByText('This message was deleted.').waitFor(LONG);
    await bo.page.reload();
    await bo.page.locator(`[data-message-id="${original.id}"]`).waitFor(LONG);
    const quote = bo.page.locator('article', { hasText: 'answering the vanishing one' }).locator('.reply-quote');
    await quote.getByText('Replying to a deleted message').waitFor(LONG);
    expect(await quote.evaluate((element) => element.tagName)).not.toBe('BUTTON');
  });

  it('the picker finds any emoji by name, reacts with it, and offers it first next time', async () => {
    const { row } = await fromAna('react to me with a rocket');
    await row.hover({ position: { x: 24, y: 12 } });
    await row.getByRole('button', { name: 'Add reaction' }).click();
    const picker = bo.page.getByRole('dialog', { name: 'Pick a reaction' });
    await picker.waitFor(LONG);
    await picker.getByRole('button', { name: 'Smileys & emotion' }).click();
    await picker.getByRole('button', { name: 'React with 😀' }).waitFor(LONG);
    await screenshot(bo.page, 'emoji-picker-light');
    await picker.getByRole('searchbox', { name: 'Search emoji' }).fill('rocket');
    await picker.getByRole('button', { name: 'React with 🚀' }).click();
    await picker.waitFor({ state: 'detached' });
    const chip = row.locator('.reaction', { hasText: '🚀' });
    await chip.waitFor(LONG);
    expect(await chip.getAttribute('aria-label')).toBe('🚀 1, remove your reaction');
    expect(await chip.getAttribute('title')).toBe('You reacted with 🚀');
    await expect
      .poll(async () => (await ana.message.history.query({ roomId: dmId })).messages.find((m) => m.body.includes('rocket'))?.reactions)
      .toEqual([{ emoji: '🚀', count: 1, userIds: [expect.any(String)] }]);

    // Ana reacts too: the chip says who
    const message = (await ana.message.history.query({ roomId: dmId })).messages.find((m) => m.body.includes('rocket'));
    if (!message) throw new Error('no message');
    await ana.message.react.mutate({ messageId: message.id, emoji: '🚀' });
    await expect.poll(() => chip.getAttribute('title'), LONG).toMatch(/^(You, Ana Reply|Ana Reply, You) reacted with 🚀$/);

    // recently used first
    await row.hover({ position: { x: 24, y: 12 } });
    await row.getByRole('button', { name: 'Add reaction' }).click();
    await picker.waitFor(LONG);
    expect(await picker.locator('.emoji-choice').first().textContent()).toBe('🚀');
    await picker.getByRole('searchbox', { name: 'Search emoji' }).press('Escape');
    await picker.waitFor({ state: 'detached' });
  }, 90_000);

  it(':shortcode: autocompletes in the composer; a finished :code: becomes its emoji', async () => {
    await composer(bo.page).fill('');
    await composer(bo.page).pressSequentially('nice :thu');
    const list = bo.page.getByRole('listbox', { name: 'Insert an emoji' });
    await list.waitFor(LONG);
    expect(await list.getByRole('option').first().textContent()).toContain(':thumbsup:');
    await composer(bo.page).press('Enter');
    await list.waitFor({ state: 'detached' });
    expect(await composer(bo.page).inputValue()).toBe('nice 👍');
    await composer(bo.page).pressSequentially(' party :tada:');
    await expect.poll(() => composer(bo.page).inputValue()).toBe('nice 👍 party 🎉');
    await composer(bo.page).press('Enter');
    await bo.page.locator('article', { hasText: 'nice 👍 party 🎉' }).waitFor(LONG);
  });
});
