import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from '../../server/test/harness.js';
import { ensureWebBuilt, launchBrowser, openUserPage, screenshot, type UserPage } from './browser.js';

const LONG = { timeout: 15_000 };
const ARCHIVE = 150;
const NEEDLE = 75;

const searchBox = (page: Page) => page.getByRole('combobox', { name: 'Search messages, rooms and people' });
const results = (page: Page) => page.getByRole('listbox', { name: 'Search results' });
const messageLog = (page: Page) => page.getByRole('log');

describe('search in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let reader: UserPage;
  let writer: Awaited<ReturnType<TestServer['signUp']>>;
  let roomId = '';
  const ids: number[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer({ build: { limits: { sendsPerUser: { max: 100_000, windowMs: 1_000 } } } });
    writer = await server.signUp('Wren Writer');
    const account = await server.signUp('Rhea Reader');
    await server.signUp('Quinn Quickswitch');
    const room = await writer.client.room.create.mutate({ name: 'release-notes', visibility: 'public', memberIds: [account.user.id] });
    roomId = room.id;
    for (let i = 1; i <= ARCHIVE; i++) {
      const body = i === NEEDLE ? 'we chose the zebra deployment plan on Tuesday' : `entry ${i} about <b>pagination</b> things`;
      ids.push((await writer.client.message.send.mutate({ roomId, body, clientId: `seed-${i}` })).id);
    }
    await account.client.room.markRead.mutate({ roomId, messageId: ids[ARCHIVE - 1] ?? 0 });
    browser = await launchBrowser();
    reader = await openUserPage(browser, server.url);
    await reader.page.getByLabel('Email').fill(account.user.email);
    await reader.page.getByLabel('Password').fill('correct horse battery');
    await reader.page.getByRole('button', { name: 'Sign in' }).click();
    await reader.page.getByRole('button', { name: 'Sign out' }).waitFor(LONG);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
  });

  it('/ focuses the box; a hit shows the matched words marked, the room, author and time', async () => {
    await reader.page.locator('body').click({ position: { x: 700, y: 400 } });
    await reader.page.keyboard.press('/');
    await expect.poll(() => searchBox(reader.page).evaluate((input) => input === document.activeElement)).toBe(true);
    await reader.page.keyboard.type('zebra deplo');
    const hit = results(reader.page).getByRole('option', { name: /zebra/ });
    await hit.waitFor(LONG);
    // the last word matches as a prefix while typing; the snippet marks the words, as text
    expect(await hit.locator('mark').allTextContents()).toEqual(['zebra', 'deployment']);
    expect(await hit.textContent()).toContain('#release-notes');
    expect(await hit.textContent()).toContain('Wren Writer');
    expect(await hit.locator('time').count()).toBe(1);
    await screenshot(reader.page, 'search-panel-light');
  });

  it('Enter on a hit opens the room at the message, highlighted, with older and newer history loading', async () => {
    await expect.poll(() => searchBox(reader.page).getAttribute('aria-activedescendant')).toMatch(/hit-/);
    await searchBox(reader.page).press('Enter');
    await results(reader.page).waitFor({ state: 'detached' });
    const landed = reader.page.locator('.message-row.is-landed');
    await expect.poll(() => landed.textContent(), LONG).toContain('zebra deployment');
    // the newest message is not on the page it opened with: newer history loads on the way down
    expect(await messageLog(reader.page).getByText(`entry ${ARCHIVE} about`).count()).toBe(0);
    const log = messageLog(reader.page);
    await expect
      .poll(
        async () => {
          await log.evaluate((element) => element.scrollTo({ top: 0 }));
          return log.getByText('entry 1 about', { exact: false }).count();
        },
        { timeout: 60_000, interval: 300 },
      )
      .toBeGreaterThan(0);
    await expect
      .poll(
        async () => {
          await log.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
          return log.getByText(`entry ${ARCHIVE} about`).count();
        },
        { timeout: 60_000, interval: 300 },
      )
      .toBe(1);
  });

  it('pages of hits load with "More results", each once; chips edit the query', async () => {
    await reader.page.keyboard.press('Control+k');
    await expect.poll(() => searchBox(reader.page).evaluate((input) => input === document.activeElement)).toBe(true);
    await searchBox(reader.page).fill('pagination');
    const hits = results(reader.page).getByRole('option');
    await expect.poll(() => hits.count(), LONG).toBe(20);
    // raw HTML in a message is text in the snippet
    expect(await results(reader.page).locator('b').count()).toBe(0);
    await reader.page.getByRole('button', { name: 'More results' }).click();
    await expect.poll(() => hits.count(), LONG).toBe(40);
    const ids = await hits.evaluateAll((options) => options.map((option) => option.id));
    expect(new Set(ids).size).toBe(40);

    await reader.page.getByRole('button', { name: 'has:file' }).click();
    await expect.poll(() => searchBox(reader.page).inputValue()).toBe('pagination has:file');
    expect(await reader.page.getByRole('button', { name: 'has:file' }).getAttribute('aria-pressed')).toBe('true');
    await reader.page.getByText('No messages match “pagination has:file”.').waitFor(LONG);

    await searchBox(reader.page).fill('pagination before:2026-13-45');
    await reader.page.getByRole('alert').filter({ hasText: 'before:' }).waitFor(LONG);
  });

  it('the box is a quick switcher: Enter on a room opens it, on a person opens the DM', async () => {
    await searchBox(reader.page).fill('release');
    const room = results(reader.page)
      .getByRole('group', { name: 'Rooms' })
      .getByRole('option', { name: /release-notes/ });
    await room.waitFor(LONG);
    await expect.poll(() => room.getAttribute('aria-selected')).toBe('true');
    await searchBox(reader.page).press('Enter');
    await reader.page.getByRole('heading', { name: 'release-notes' }).waitFor(LONG);

    await searchBox(reader.page).focus();
    await searchBox(reader.page).fill('quinn');
    const person = results(reader.page)
      .getByRole('group', { name: 'People' })
      .getByRole('option', { name: /Quinn Quickswitch/ });
    await person.waitFor(LONG);
    await searchBox(reader.page).press('ArrowDown');
    await searchBox(reader.page).press('ArrowUp');
    await searchBox(reader.page).press('Enter');
    await reader.page.getByRole('heading', { name: 'Quinn Quickswitch' }).waitFor(LONG);

    // Escape closes the panel and goes back to writing
    await searchBox(reader.page).focus();
    await results(reader.page).waitFor(LONG);
    await searchBox(reader.page).press('Escape');
    await results(reader.page).waitFor({ state: 'detached' });
    await expect.poll(() => reader.page.getByRole('textbox', { name: 'Message' }).evaluate((area) => area === document.activeElement)).toBe(true);
  });

  it('a permalink opens as a member lands on the message; a non-member gets the room’s usual not-found', async () => {
    const target = ids[10] ?? 0;
    await reader.page.goto(`/#/r/${roomId}/m/${target}`);
    await expect.poll(() => reader.page.locator('.message-row.is-landed').textContent(), LONG).toContain('entry 11 about');

    const stranger = await openUserPage(browser, server.url);
    const account = await server.signUp('Stan Stranger');
    await stranger.page.getByLabel('Email').fill(account.user.email);
    await stranger.page.getByLabel('Password').fill('correct horse battery');
    await stranger.page.getByRole('button', { name: 'Sign in' }).click();
    await stranger.page.getByRole('button', { name: 'Sign out' }).waitFor(LONG);
    await stranger.page.goto(`/#/r/${roomId}/m/${target}`);
    await stranger.page.getByRole('button', { name: 'Sign out' }).waitFor(LONG);
    expect(await stranger.page.getByText('entry 11 about').count()).toBe(0);
    await stranger.context.close();
  });
});
