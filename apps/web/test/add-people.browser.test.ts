import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { waitFor } from '../../server/test/harness.js';
import { newUser, screenshot, withChatServer } from './browser.js';

const roomEntry = (page: Page, name: string) => page.getByRole('navigation', { name: 'Rooms' }).getByRole('button', { name: new RegExp(name) });

describe('adding people to a room from the team directory', () => {
  const chat = withChatServer();

  it('searches the directory as you type, picks people who are not contacts, and adds them', async () => {
    const ada = newUser('Ada Admin');
    const setup = await chat.server.client().auth.setup.mutate({ teamName: 'Acme', ...ada, issueToken: true });
    const adaApi = chat.server.client(setup.token);
    // Neither is Ada's contact, and neither shares a room with her but General.
    const cy = await chat.server.signUp('Cy Cyan');
    const dee = await chat.server.signUp('Dee Deer');
    const room = await adaApi.room.create.mutate({ name: 'Launch', visibility: 'private' });

    for (const [colorScheme, viewport] of [
      ['light', { width: 1280, height: 800 }],
      ['dark', { width: 375, height: 740 }],
    ] as const) {
      const { page, context } = await chat.open({ colorScheme, viewport });
      await page.getByLabel('Email').fill(ada.email);
      await page.getByLabel('Password').fill(ada.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await roomEntry(page, 'Launch').click();
      await page.getByRole('button', { name: 'Add people' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add people to Launch' });
      const people = dialog.getByRole('list', { name: 'People' });
      // Everyone active in the team, before any typing.
      await people.getByText('Cy Cyan').waitFor();
      await people.getByText('Dee Deer').waitFor();
      await dialog.getByLabel('Search people').fill('cy');
      await expect.poll(() => people.getByRole('listitem').count()).toBe(1);
      await screenshot(page, `add-people-${colorScheme}-${viewport.width}`);
      if (colorScheme === 'dark') {
        await dialog.getByLabel('Search people').fill('nobody like this');
        await dialog.getByText('Nobody in the team matches').waitFor();
        await context.close();
        continue;
      }
      await people.getByRole('checkbox', { name: /Cy Cyan/ }).check();
      // A choice survives a new search.
      await dialog.getByLabel('Search people').fill('dee');
      await people.getByRole('checkbox', { name: /Dee Deer/ }).check();
      await dialog.getByRole('status').filter({ hasText: 'Adding Cy Cyan, Dee Deer' }).waitFor();
      await dialog.getByRole('button', { name: 'Add 2 people' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await waitFor(
        async () => {
          const ids = (await adaApi.room.members.query({ roomId: room.id })).map((member) => member.user.id);
          return ids.includes(cy.user.id) && ids.includes(dee.user.id);
        },
        10_000,
        'Cy and Dee in Launch',
      );
      // Opened again, the people already in the room say so and cannot be picked twice.
      await page.getByRole('button', { name: 'Add people' }).click();
      await dialog.getByLabel('Search people').fill('cy');
      const already = people.getByRole('checkbox', { name: /Cy Cyan/ });
      await expect.poll(() => already.isDisabled()).toBe(true);
      await people.getByText('already here').waitFor();
      await context.close();
    }
  });
});
