import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { ConfabClient } from '@confab/sdk';
import { startServer, type TestServer } from '../../server/test/harness.js';
import { ensureWebBuilt, launchBrowser, newUser, openUserPage, screenshot, signUpInBrowser, type UserPage } from './browser.js';
import { gradientPng } from './png.js';

const LONG = { timeout: 15_000 };
const composer = (page: Page) => page.getByRole('textbox', { name: 'Message' });
/** what has the focus, as "tag label" (a failure then says where the focus went) */
const focusedName = (page: Page) =>
  page.evaluate(() => `${document.activeElement?.tagName.toLowerCase() ?? 'none'} ${document.activeElement?.getAttribute('aria-label') ?? ''}`);

/** Bo (in the browser) owns a room that Ana (over the SDK) has joined. */
describe('message actions: the "…" menu, long-press, copy link, and the composer defects', () => {
  let server: TestServer;
  let browser: Browser;
  let bo: UserPage;
  let ana: ConfabClient;
  let roomId: string;
  const boUser = newUser('Bo Actions');

  async function fromAna(body: string, extra: { attachmentIds?: string[] } = {}): Promise<{ id: number; row: Locator }> {
    const sent = await ana.message.send.mutate({ roomId, body, clientId: randomUUID(), ...extra });
    const row = bo.page.locator(`[data-message-id="${sent.id}"]`);
    await row.waitFor(LONG);
    return { id: sent.id, row };
  }

  async function fromBo(body: string): Promise<Locator> {
    await composer(bo.page).fill(body);
    await composer(bo.page).press('Enter');
    const row = bo.page.locator('article[data-message-id]', { hasText: body });
    await row.waitFor(LONG);
    return row;
  }

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer();
    browser = await launchBrowser();
    bo = await openUserPage(browser, server.url);
    await bo.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await signUpInBrowser(bo.page, boUser);
    ana = (await server.signUp('Ana Actions')).client;
    roomId = await bo.page.evaluate(async () => {
      const response = await fetch('/trpc/room.create', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'actions', visibility: 'public' }),
      });
      const json = (await response.json()) as { result: { data: { id: string } } };
      return json.result.data.id;
    });
    await ana.room.join.mutate({ roomId });
    await bo.page.goto(`/#/r/${roomId}`);
    await composer(bo.page).waitFor(LONG);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
  });

  it('the keyboard opens the menu from the "…" button: arrows move, Escape closes and gives the focus back', async () => {
    const { row } = await fromAna('menu by keyboard');
    const more = row.getByRole('button', { name: /More actions/ });
    expect(await more.getAttribute('aria-haspopup')).toBe('menu');
    // Tab reaches it: from the message before it in the tab order, the next stop is its "…"
    await composer(bo.page).focus();
    await more.focus();
    await more.press('Enter');
    const menu = bo.page.getByRole('menu', { name: 'Message from Ana Actions' });
    await menu.waitFor(LONG);
    expect(await more.getAttribute('aria-expanded')).toBe('true');
    const items = await menu.getByRole('menuitem').allTextContents();
    // Ana's message in Bo's room: Bo owns the room, so he may delete it, but not edit it
    expect(items).toEqual(['Reply', 'Add reaction', 'Copy link', 'Mark as unread', 'Delete']);
    await expect.poll(() => bo.page.evaluate(() => document.activeElement?.textContent)).toBe('Reply');
    await bo.page.keyboard.press('ArrowDown');
    await expect.poll(() => bo.page.evaluate(() => document.activeElement?.textContent)).toBe('Add reaction');
    await bo.page.keyboard.press('ArrowUp');
    await bo.page.keyboard.press('ArrowUp');
    await expect.poll(() => bo.page.evaluate(() => document.activeElement?.textContent)).toBe('Delete');
    await screenshot(bo.page, 'actions-menu-light');
    await bo.page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    await expect.poll(() => more.evaluate((button) => button === document.activeElement)).toBe(true);
    // Space opens it too
    await bo.page.keyboard.press(' ');
    await menu.waitFor(LONG);
    await bo.page.keyboard.press('Escape');
  });

  it('my own message offers Edit; a room owner deletes someone else’s message', async () => {
    const mine = await fromBo('my own words');
    await mine.hover({ position: { x: 24, y: 12 } });
    await mine.getByRole('button', { name: /More actions/ }).click();
    const items = await bo.page.getByRole('menu').getByRole('menuitem').allTextContents();
    expect(items).toEqual(['Reply', 'Add reaction', 'Edit', 'Copy link', 'Mark as unread', 'Delete']);
    await bo.page.keyboard.press('Escape');

    const { id, row } = await fromAna('an owner may remove this');
    await row.hover({ position: { x: 24, y: 12 } });
    await row.getByRole('button', { name: /More actions/ }).click();
    await bo.page.getByRole('menuitem', { name: 'Delete' }).click();
    await row.getByRole('button', { name: 'Delete', exact: true }).click();
    await row.getByText('This message was deleted.').waitFor(LONG);
    const history = await ana.message.history.query({ roomId });
    expect(history.messages.find((m) => m.id === id)?.deletedAt).not.toBeNull();
  });

  it('Copy link puts the permalink on the clipboard and says so', async () => {
    const { id, row } = await fromAna('link to me');
    await row.hover({ position: { x: 24, y: 12 } });
    await row.getByRole('button', { name: /More actions/ }).click();
    await bo.page.getByRole('menuitem', { name: 'Copy link' }).click();
    await bo.page.getByRole('status').filter({ hasText: 'Link copied' }).waitFor(LONG);
    expect(await bo.page.evaluate(() => navigator.clipboard.readText())).toBe(`${server.url}/#/r/${roomId}/m/${id}`);
  });

  it('a long-press on a touch screen opens the same actions as a bottom sheet', async () => {
    const phone = await browser.newContext({ baseURL: server.url, viewport: { width: 375, height: 740 }, hasTouch: true, isMobile: true });
    phone.setDefaultTimeout(20_000);
    try {
      const page = await phone.newPage();
      await page.goto('/');
      await signUpInBrowser(page, newUser('Cy Touch'));
      await page.evaluate(async (id) => {
        await fetch('/trpc/room.join', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ roomId: id }) });
      }, roomId);
      const sent = await ana.message.send.mutate({ roomId, body: 'hold me down', clientId: randomUUID() });
      await page.goto(`/#/r/${roomId}`);
      const row = page.locator(`[data-message-id="${sent.id}"]`);
      await row.locator('.message-text.formatted').waitFor(LONG);
      const box = await row.boundingBox();
      if (!box) throw new Error('the message has no box');
      const cdp = await phone.newCDPSession(page);
      // the left part of the message: the list's jump button sits at the bottom centre
      const point = { x: box.x + 80, y: box.y + box.height / 2 };
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] });
      // held still: the menu opens while the finger is down
      const menu = page.getByRole('menu', { name: 'Message from Ana Actions' });
      await menu.waitFor(LONG);
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      expect(await page.locator('.popover.sheet').count()).toBe(1);
      expect(await menu.getByRole('menuitem').allTextContents()).toEqual(['Reply', 'Add reaction', 'Copy link', 'Mark as unread']);
      await screenshot(page, 'actions-sheet-375');
      await menu.getByRole('menuitem', { name: 'Reply' }).click();
      await page.getByRole('status', { name: 'Replying to Ana Actions' }).waitFor(LONG);

      // a long-press on a reaction says who reacted
      await ana.message.react.mutate({ messageId: sent.id, emoji: '👍' });
      const chip = row.getByRole('button', { name: /👍 1/ });
      await chip.waitFor(LONG);
      const chipBox = await chip.boundingBox();
      if (!chipBox) throw new Error('the reaction has no box');
      const onChip = { x: chipBox.x + chipBox.width / 2, y: chipBox.y + chipBox.height / 2 };
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [onChip] });
      const who = page.getByRole('dialog', { name: 'Who reacted with 👍' });
      await who.waitFor(LONG);
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      expect(await who.getByRole('listitem').allTextContents()).toEqual(['Ana Actions']);
      // and did not toggle it
      expect(await chip.getAttribute('aria-pressed')).toBe('false');
    } finally {
      await phone.close();
    }
  });

  it('defect 5: after editing with ↑, Enter or Escape puts the focus back in the composer', async () => {
    await fromBo('first version');
    await composer(bo.page).focus();
    await composer(bo.page).press('ArrowUp');
    const editor = bo.page.getByRole('textbox', { name: 'Edit message' });
    await editor.waitFor(LONG);
    await editor.press('Escape');
    await editor.waitFor({ state: 'detached' });
    await expect.poll(() => focusedName(bo.page), LONG).toBe('textarea Message');

    await composer(bo.page).press('ArrowUp');
    await editor.fill('second version');
    await editor.press('Enter');
    await bo.page.locator('article', { hasText: 'second version' }).waitFor(LONG);
    await expect.poll(() => focusedName(bo.page), LONG).toBe('textarea Message');
  });

  it('defect 7: a file card beside a tall image keeps its own height', async () => {
    const image = await ana.upload(new Uint8Array(gradientPng(120, 400)), { filename: 'tall.png' });
    const file = await ana.upload(new TextEncoder().encode('just some text'), { filename: 'notes.txt' });
    const { row } = await fromAna('image and file', { attachmentIds: [image.id, file.id] });
    const card = row.locator('.file-card');
    const picture = row.locator('.image-attachment');
    await card.waitFor(LONG);
    await expect.poll(async () => (await picture.boundingBox())?.height ?? 0).toBeGreaterThan(200);
    expect((await card.boundingBox())?.height ?? 0).toBeLessThan(100);
  });

  it('defect 8: a draft survives a reload, and sending clears it', async () => {
    await composer(bo.page).fill('half a thought');
    await bo.page.reload();
    await expect.poll(() => composer(bo.page).inputValue(), LONG).toBe('half a thought');
    await composer(bo.page).press('Enter');
    await bo.page.locator('article', { hasText: 'half a thought' }).waitFor(LONG);
    await bo.page.reload();
    await composer(bo.page).waitFor(LONG);
    expect(await composer(bo.page).inputValue()).toBe('');
  });
});
