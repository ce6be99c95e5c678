import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newUser, signUpInBrowser, withChatServer } from './browser.js';

const LONG = { timeout: 15_000 };

async function myId(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const body = (await (await fetch('/trpc/auth.me', { credentials: 'include' })).json()) as { result: { data: { id: string } } };
    return body.result.data.id;
  });
}

/** Everything the polite announcer has said since the page loaded, in order. */
async function watchAnnouncements(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const region = document.getElementById('announcer');
    if (!region) throw new Error('no #announcer live region');
    const said: string[] = [];
    (window as unknown as { said: string[] }).said = said;
    new MutationObserver(() => {
      const text = region.textContent ?? '';
      if (text) said.push(text);
    }).observe(region, { childList: true, subtree: true, characterData: true });
  });
  return () => page.evaluate(() => [...(window as unknown as { said: string[] }).said]);
}

describe('structure and announcements for screen-reader users', () => {
  const chat = withChatServer();

  it('landmarks, headings, skip links and unread counts in room names', async () => {
    const { page } = await chat.open();
    await signUpInBrowser(page, newUser('Ana Lima'));
    const bo = await chat.server.signUp('Bo Berg');
    const room = await bo.client.room.create.mutate({ name: 'Launch', visibility: 'public', memberIds: [await myId(page)] });
    await bo.client.message.send.mutate({ roomId: room.id, body: 'first', clientId: randomUUID() });
    await bo.client.message.send.mutate({ roomId: room.id, body: 'second', clientId: randomUUID() });

    // The unread count is part of the room's name in the sidebar, so it is heard, not only seen.
    const entry = page.getByRole('navigation', { name: 'Rooms' }).getByRole('button', { name: /Launch.*2 unread/ });
    await entry.waitFor(LONG);
    await entry.click();

    await page.getByRole('main').getByRole('heading', { level: 1, name: 'Launch' }).waitFor();
    await page.getByRole('navigation', { name: 'Direct messages' }).waitFor();
    await page.getByRole('region', { name: 'Write a message' }).waitFor();
    const log = page.getByRole('log', { name: 'Messages in Launch' });
    await log.getByRole('heading', { level: 2, name: 'Today' }).waitFor();
    // Each message is an article named by its author and time.
    await log
      .getByRole('article', { name: /^Bo Berg, \d{1,2}:\d{2}/ })
      .first()
      .waitFor();
    expect(await log.getAttribute('aria-live')).toBe('off');

    // The skip links are the first things in the tab order (the composer has the focus on opening a
    // room, so the next Tab wraps round to them) and land where they say.
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent);
    const firstTabStops = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('button, a[href], input, textarea, select, [tabindex]'))
        .filter((element) => element.tabIndex >= 0)
        .slice(0, 2)
        .map((element) => element.textContent),
    );
    expect(firstTabStops).toEqual(['Skip to composer', 'Skip to messages']);
    await page.getByRole('button', { name: 'Skip to messages' }).focus();
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('Messages in Launch');
    await page.getByRole('button', { name: 'Skip to composer' }).focus();
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('Message');
  });

  it('a new message in the open room is announced once (author and text); typing once it settles; opening a room says nothing', async () => {
    const { page } = await chat.open();
    await signUpInBrowser(page, newUser('Cy Ortiz'));
    const bo = await chat.server.signUp('Bo Berg');
    const room = await bo.client.room.create.mutate({ name: 'Ops', visibility: 'public', memberIds: [await myId(page)] });
    for (const body of ['one', 'two', 'three']) await bo.client.message.send.mutate({ roomId: room.id, body, clientId: randomUUID() });
    const said = await watchAnnouncements(page);
    await page.getByRole('navigation', { name: 'Rooms' }).getByRole('button', { name: /Ops/ }).click(LONG);
    await page.getByRole('log').getByText('three').waitFor(LONG);

    await bo.client.message.send.mutate({ roomId: room.id, body: 'deploy at 5?', clientId: randomUUID() });
    await expect.poll(said, LONG).toContain('Bo Berg: deploy at 5?');

    await bo.client.typing.set.mutate({ roomId: room.id, isTyping: true });
    await expect.poll(said, LONG).toContain('Bo Berg is typing…');
    // My own message is not read back to me.
    await page.getByRole('textbox', { name: 'Message' }).fill('on it');
    await page.keyboard.press('Enter');
    await page.getByRole('log').getByText('on it').waitFor(LONG);
    await bo.client.message.send.mutate({ roomId: room.id, body: 'thanks', clientId: randomUUID() });
    await expect.poll(said, LONG).toContain('Bo Berg: thanks');

    const all = await said();
    expect(all.filter((text) => text === 'Bo Berg: deploy at 5?')).toHaveLength(1);
    expect(all.filter((text) => text.startsWith('Bo Berg is typing'))).toHaveLength(1);
    expect(all.some((text) => /one|two|three|on it/.test(text))).toBe(false);
  });

  it('usable at 200% zoom with WCAG text spacing: nothing scrolls sideways, the composer stays on screen', async () => {
    // 1280×800 at 200% zoom is a 640×400 CSS viewport.
    const { page } = await chat.open({ viewport: { width: 640, height: 400 } });
    await signUpInBrowser(page, newUser('Di Park'));
    const bo = await chat.server.signUp('Bo Berg');
    const room = await bo.client.room.create.mutate({ name: 'Zoomed', visibility: 'public', memberIds: [await myId(page)] });
    const long = 'a-long-unbroken-word-'.repeat(12);
    for (const body of ['one line', long, 'x '.repeat(300)]) await bo.client.message.send.mutate({ roomId: room.id, body, clientId: randomUUID() });
    // WCAG 1.4.12's text spacing: line height 1.5, paragraphs 2×, letters 0.12 em, words 0.16 em.
    await page.addStyleTag({
      content:
        '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }',
    });
    const noSidewaysScroll = () =>
      page.evaluate(() => {
        const root = document.scrollingElement ?? document.documentElement;
        const pane = document.querySelector('.room-pane, .sidebar');
        return root.scrollWidth <= root.clientWidth && (!pane || pane.scrollWidth <= pane.clientWidth + 1);
      });
    expect(await noSidewaysScroll()).toBe(true);
    await page
      .getByRole('navigation', { name: 'Rooms' })
      .getByRole('button', { name: /Zoomed/ })
      .press('Enter', LONG);
    await page.getByRole('log').getByText('one line').waitFor(LONG);
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.waitFor();
    const box = await composer.boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= 400 && box.x >= 0 && box.x + box.width <= 640).toBe(true);
    expect(await noSidewaysScroll()).toBe(true);
    await page.getByRole('heading', { level: 1, name: 'Zoomed' }).waitFor();
    expect(await page.evaluate(() => document.querySelector('.message-list')?.scrollWidth ?? 0)).toBeLessThanOrEqual(
      await page.evaluate(() => document.querySelector('.message-list')?.clientWidth ?? 0),
    );
  });

  it('the item that has the focus in a menu or list shows the solid focus ring, not only a tint', async () => {
    const { page } = await chat.open();
    await signUpInBrowser(page, newUser('Eva Stone'));
    const bo = await chat.server.signUp('Bo Berg');
    const room = await bo.client.room.create.mutate({ name: 'Rings', visibility: 'public', memberIds: [await myId(page)] });
    await bo.client.message.send.mutate({ roomId: room.id, body: 'ring me', clientId: randomUUID() });
    await page.getByRole('navigation', { name: 'Rooms' }).getByRole('button', { name: /Rings/ }).press('Enter', LONG);
    const log = page.getByRole('log', { name: 'Messages in Rings' });
    await log.getByText('ring me').waitFor(LONG);
    /** the outline of what has the focus, or of the option a combobox points at (aria-activedescendant) */
    const ring = (selector?: string) =>
      page.evaluate((selector) => {
        const element = selector ? document.querySelector(selector) : document.activeElement;
        if (!element) return 'nothing';
        const style = getComputedStyle(element);
        return `${style.outlineStyle} ${style.outlineWidth}`;
      }, selector);
    const solid = /^solid [2-9]px$/;

    // the actions menu: the focused item
    await log.getByRole('button', { name: 'More actions: message from Bo Berg' }).press('Enter');
    await page.getByRole('menuitem', { name: 'Reply' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => ring(), LONG).toMatch(solid);
    // the emoji picker: a choice in the grid
    await page.keyboard.press('Enter');
    const picker = page.getByRole('dialog', { name: 'Pick a reaction' });
    await picker.getByRole('button', { name: 'React with 👍' }).waitFor(LONG);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')), LONG).toBe('React with 👍');
    expect(await ring()).toMatch(solid);
    await page.keyboard.press('Escape');
    await picker.waitFor({ state: 'detached' });

    // the composer's @mention list: the option Enter would pick (the focus stays in the text field)
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.focus();
    await page.keyboard.type('@B');
    await page.getByRole('listbox', { name: 'Mention someone' }).getByRole('option', { name: 'Bo Berg' }).waitFor(LONG);
    expect(await ring('.mention-menu [aria-selected="true"]')).toMatch(solid);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');

    // the search results: the active option
    await page.getByRole('combobox', { name: 'Search messages, rooms and people' }).focus();
    await page.keyboard.type('Rings');
    await page.getByRole('listbox', { name: 'Search results' }).getByRole('option', { name: /Rings/ }).first().waitFor(LONG);
    expect(await ring('#search-results [aria-selected="true"]')).toMatch(solid);
    await page.keyboard.press('Escape');
  });
});
