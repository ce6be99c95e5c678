import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newUser, signUpInBrowser, withChatServer, type UserPage } from './browser.js';

const LONG = { timeout: 15_000 };
const roomEntry = (page: Page, name: string) => page.getByRole('navigation', { name: 'Rooms' }).getByRole('button', { name: new RegExp(name) });

// A user.updated event (name, avatar, deactivation) must reach open pages: before it was handled,
// other people saw the old name until they reloaded.
describe('profile changes reach other people live', () => {
  const chat = withChatServer();
  let ana: UserPage;
  const anaUser = newUser('Ana Lima');

  beforeAll(async () => {
    ana = await chat.open();
  });

  it("a roommate's new name replaces the old one on messages already shown, without a reload", async () => {
    await signUpInBrowser(ana.page, anaUser);
    const me = await ana.page.evaluate(async () => (await fetch('/trpc/auth.me', { credentials: 'include' })).json());
    const anaId: string = me.result.data.id;
    const bo = await chat.server.signUp('Bo Berg');
    const room = await bo.client.room.create.mutate({ name: 'Planning', visibility: 'private', memberIds: [anaId] });
    await bo.client.message.send.mutate({ roomId: room.id, body: 'agenda is up', clientId: randomUUID() });
    await roomEntry(ana.page, 'Planning').click(LONG);
    const messages = ana.page.getByRole('log');
    await messages.getByText('agenda is up').waitFor(LONG);
    await messages.getByText('Bo Berg').first().waitFor(LONG);

    await bo.client.user.updateProfile.mutate({ name: 'Bo Lindqvist' });
    await messages.getByText('Bo Lindqvist').first().waitFor(LONG);
    await expect.poll(() => messages.getByText('Bo Berg').count(), LONG).toBe(0);
  });
});
