import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newUser, signUpInBrowser, withChatServer, type UserPage } from './browser.js';

const LONG = { timeout: 15_000 };
const roomEntry = (page: Page, name: string) => page.getByRole('navigation', { name: 'Rooms' }).getByRole('button', { name: new RegExp(name) });

// Sending a message moves its author's read marker to it on the server, and no read.updated says
// so: the message.created itself does (the event contract). The author's other devices must apply it.
describe("the author's second device", () => {
  const chat = withChatServer();
  let ana: UserPage;
  const anaUser = newUser('Ana Lima');

  beforeAll(async () => {
    ana = await chat.open();
  });

  it('clears its unread badge when the author replies from another device without reading first', async () => {
    await signUpInBrowser(ana.page, anaUser);
    // Ana's other device: a program signed in as her.
    const signedIn = await chat.server.client().auth.login.mutate({ email: anaUser.email, password: anaUser.password, issueToken: true });
    const anaElsewhere = chat.server.client(signedIn.token ?? undefined);
    const bo = await chat.server.signUp('Bo Berg');
    const room = await bo.client.room.create.mutate({ name: 'Standup', visibility: 'private', memberIds: [signedIn.user.id] });
    await roomEntry(ana.page, 'Standup').waitFor(LONG);

    for (const body of ['one', 'two', 'three']) await bo.client.message.send.mutate({ roomId: room.id, body, clientId: randomUUID() });
    const badge = roomEntry(ana.page, 'Standup').locator('.badge');
    await expect.poll(() => badge.textContent().catch(() => null), LONG).toBe('3');

    await anaElsewhere.message.send.mutate({ roomId: room.id, body: 'on my way', clientId: randomUUID() });
    // The server counts nothing unread for her now; the page must agree without a reload.
    const [listed] = (await anaElsewhere.room.list.query()).filter((r) => r.id === room.id);
    expect(listed?.unreadCount).toBe(0);
    await expect.poll(() => badge.count(), LONG).toBe(0);
  });
});
