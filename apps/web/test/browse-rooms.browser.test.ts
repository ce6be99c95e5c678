import { describe, expect, it } from 'vitest';
import { newUser, screenshot, signUpInBrowser, withChatServer } from './browser.js';

// The Browse dialog pages (issue 12): the server sends 50 rooms at a time, sorted by name, so no
// number of rooms sorting first can hide the rest; "Load more rooms" shows the next page.

const ROOMS = 60;

describe('browsing more public rooms than fit on one page', () => {
  const chat = withChatServer({ build: { limits: { roomCreatesPerUser: { max: 10_000, windowMs: 60_000 } } } });

  it('shows the first page, "Load more rooms" shows the rest once each, a filter finds a room past the first page, and joining from it opens the room', async () => {
    const owner = await chat.server.signUp('Room Maker');
    // "!"-names sort before every letter: the room to join sorts last, on the second page.
    for (let i = 1; i <= ROOMS; i += 1) await owner.client.room.create.mutate({ name: `!busy ${String(i).padStart(2, '0')}`, visibility: 'public' });
    await owner.client.room.create.mutate({ name: 'zebra crossing', topic: 'the one at the end', visibility: 'public' });

    const { page, context } = await chat.open();
    await signUpInBrowser(page, newUser('Bea Browser'));
    await page.getByRole('button', { name: 'Browse public rooms' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Browse public rooms' });
    const list = dialog.getByRole('list', { name: 'Public rooms' });
    const entries = list.getByRole('listitem');
    await expect.poll(() => entries.count(), { timeout: 20_000 }).toBe(50);
    expect(await list.getByText('# zebra crossing').count()).toBe(0);
    await screenshot(page, 'browse-rooms-first-page-light');

    await dialog.getByRole('button', { name: 'Load more rooms' }).click();
    // The busy rooms, the General room of the team and the zebra: each once.
    await list.getByText('# zebra crossing').waitFor();
    const names = await list.locator('strong').allTextContents();
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((name) => name.startsWith('# !busy'))).toHaveLength(ROOMS);
    expect(names.at(-1)).toBe('# zebra crossing');
    await expect.poll(() => dialog.getByRole('button', { name: 'Load more rooms' }).count()).toBe(0);

    // The filter asks the server, so a room on a later page is found at once.
    await dialog.getByLabel('Filter rooms').fill('zebra');
    await expect.poll(() => entries.count()).toBe(1);
    await dialog.getByRole('button', { name: 'Join zebra crossing' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('heading', { level: 1, name: /zebra crossing/ }).waitFor();
    await page
      .getByRole('navigation', { name: 'Rooms' })
      .getByRole('button', { name: /zebra crossing/ })
      .waitFor();

    // Browsing again: the room is mine now ("Open", not "Join").
    await page.getByRole('button', { name: 'Browse public rooms' }).first().click();
    await dialog.getByLabel('Filter rooms').fill('zebra');
    await dialog.getByRole('button', { name: 'Open', exact: true }).waitFor();
    await context.close();
  });

  it('the paged dialog reads well in dark and at 375 px', async () => {
    for (const [name, options] of [
      ['browse-rooms-dark', { colorScheme: 'dark' as const }],
      ['browse-rooms-mobile-light', { viewport: { width: 375, height: 740 } }],
      ['browse-rooms-mobile-dark', { viewport: { width: 375, height: 740 }, colorScheme: 'dark' as const }],
    ] as const) {
      const { page, context } = await chat.open(options);
      await signUpInBrowser(page, newUser('Sky Scroller'));
      await page.getByRole('button', { name: 'Browse public rooms' }).first().click();
      const dialog = page.getByRole('dialog', { name: 'Browse public rooms' });
      await dialog.getByRole('button', { name: 'Load more rooms' }).scrollIntoViewIfNeeded();
      await screenshot(page, name);
      await context.close();
    }
  });
});
