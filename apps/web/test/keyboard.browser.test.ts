import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newUser, signUpInBrowser, withChatServer } from './browser.js';

const LONG = { timeout: 15_000 };

/** What has the focus, as a person would name it: its accessible label, else its text. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return '(nothing)';
    const label = element instanceof HTMLInputElement ? element.labels?.[0]?.textContent : null;
    return (element.getAttribute('aria-label') ?? label ?? element.textContent ?? '').trim();
  });
}

/** Presses Tab (or Shift+Tab) until `wanted` has the focus; fails after `limit` presses. */
async function tabTo(page: Page, wanted: string | RegExp, { back = false, limit = 60 } = {}): Promise<void> {
  const matches = (name: string) => (typeof wanted === 'string' ? name === wanted : wanted.test(name));
  for (let presses = 0; presses < limit; presses++) {
    if (matches(await focused(page))) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${String(wanted)}; the focus is on "${await focused(page)}"`);
}

async function expectFocus(page: Page, wanted: string | RegExp): Promise<void> {
  await expect.poll(() => focused(page), LONG).toMatch(typeof wanted === 'string' ? new RegExp(`^${escape(wanted)}$`) : wanted);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('by keyboard alone (no mouse event at all)', () => {
  const chat = withChatServer();

  it.each([
    { width: 1280, height: 800, roomName: 'Launch' },
    { width: 375, height: 740, roomName: 'Phone launch' },
  ])(
    'at $width px: sign in, open a room, send, reply, react, edit, delete and close a dialog with the keyboard alone, the focus where it should be after each step',
    async ({ width, height, roomName }) => {
      // Set-up (an account, a room with a message from Bo) happens outside the page.
      const ana = newUser('Ana Lima');
      const setup = await chat.open();
      await signUpInBrowser(setup.page, ana);
      const anaId = await setup.page.evaluate(async () => {
        const body = (await (await fetch('/trpc/auth.me', { credentials: 'include' })).json()) as { result: { data: { id: string } } };
        return body.result.data.id;
      });
      await setup.context.close();
      const bo = await chat.server.signUp('Bo Berg');
      const room = await bo.client.room.create.mutate({ name: roomName, visibility: 'public', memberIds: [anaId] });
      await bo.client.message.send.mutate({ roomId: room.id, body: 'ship it on Friday?', clientId: randomUUID() });

      const { page } = await chat.open({ serviceWorkers: 'block', viewport: { width, height } });
      // Sign in.
      await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
      await tabTo(page, 'Email');
      await page.keyboard.type(ana.email);
      await page.keyboard.press('Tab');
      await expectFocus(page, 'Password');
      await page.keyboard.type(ana.password);
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'Sign out' }).waitFor(LONG);

      // Open the room from the sidebar: the composer has the focus.
      await tabTo(page, new RegExp(`^${roomName}`));
      await page.keyboard.press('Enter');
      await expectFocus(page, 'Message');
      const log = page.getByRole('log', { name: `Messages in ${roomName}` });
      await log.getByText('ship it on Friday?').waitFor(LONG);

      // Send.
      await page.keyboard.type('Friday works');
      await page.keyboard.press('Enter');
      await log.getByText('Friday works').waitFor(LONG);
      await expectFocus(page, 'Message');

      // Reply to Bo through his message's actions menu.
      await tabTo(page, 'More actions: message from Bo Berg', { back: true });
      await page.keyboard.press('Enter');
      await expectFocus(page, 'Reply');
      await page.keyboard.press('Enter');
      await expectFocus(page, 'Message');
      await page.keyboard.type('agreed, after the demo');
      await page.keyboard.press('Enter');
      await log.getByText('agreed, after the demo').waitFor(LONG);
      await expectFocus(page, 'Message');

      let releaseEmoji: () => void = () => undefined;
      const emojiHeld = new Promise<void>((resolve) => (releaseEmoji = resolve));
      let emojiAsked = false;
      await page.route('**/assets/compact-*.js', async (route) => {
        emojiAsked = true;
        await emojiHeld;
        await route.continue();
      });
      // React to Bo's message: "…" → Add reaction → the picker → an emoji, all by keyboard.
      await tabTo(page, 'More actions: message from Bo Berg', { back: true });
      await page.keyboard.press('Enter');
      await expectFocus(page, 'Reply');
      await page.keyboard.press('ArrowDown');
      await expectFocus(page, 'Add reaction');
      await page.keyboard.press('Enter');
      await expectFocus(page, 'Search emoji');
      // The emoji dataset is a chunk of its own, loaded when the picker first opens: held back here, so the name is
      // typed and Enter pressed before it has arrived (that Enter used to do nothing: no reaction was added).
      const picker = page.getByRole('dialog', { name: 'Pick a reaction' });
      await page.keyboard.type('thumbs up');
      await picker.getByText('Loading emoji…').waitFor(LONG);
      await expect.poll(() => emojiAsked, LONG).toBe(true);
      await page.keyboard.press('Enter');
      releaseEmoji();
      const boMessage = log.getByRole('article').filter({ hasText: 'ship it on Friday?' });
      await boMessage.getByRole('button', { name: '👍 1, remove your reaction' }).waitFor(LONG);
      await expect(picker.count()).resolves.toBe(0);
      // the focus goes back where the picker came from: the message's "…" button
      await expectFocus(page, 'More actions: message from Bo Berg');
      // Taking it back with its chip removes the chip: the focus goes to the "…" button (it was left on <body>).
      const chip = boMessage.getByRole('button', { name: '👍 1, remove your reaction' });
      await tabTo(page, '👍 1, remove your reaction', { back: true });
      await page.keyboard.press('Enter');
      await chip.waitFor({ state: 'detached', ...LONG });
      await expectFocus(page, 'More actions: message from Bo Berg');

      // Edit my last message: Up in the empty composer, a new text, Enter saves; the composer has the focus again.
      await tabTo(page, 'Message');
      await page.keyboard.press('ArrowUp');
      await expectFocus(page, 'Edit message');
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type('agreed, after the Friday demo');
      await page.keyboard.press('Enter');
      const edited = log.getByRole('article').filter({ hasText: 'agreed, after the Friday demo' });
      await edited.getByText('(edited)').waitFor(LONG);
      await expectFocus(page, 'Message');

      // Delete it again: "…" → Delete → the confirm's Delete, by keyboard; the focus goes back to the composer.
      // Escape in the confirm first: it goes away and the focus is back on the "…" button.
      await tabTo(page, 'More actions: message from Ana Lima', { back: true });
      await page.keyboard.press('Enter');
      await page.keyboard.press('End');
      await expectFocus(page, 'Delete');
      await page.keyboard.press('Enter');
      const confirm = log.getByRole('group', { name: 'Confirm delete' });
      await confirm.waitFor(LONG);
      await page.keyboard.press('Escape');
      await confirm.waitFor({ state: 'detached', ...LONG });
      await expectFocus(page, 'More actions: message from Ana Lima');
      await page.keyboard.press('Enter');
      await expectFocus(page, 'Reply');
      await page.keyboard.press('End');
      await expectFocus(page, 'Delete');
      await page.keyboard.press('Enter');
      await expectFocus(page, 'Delete');
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.closest('[role="group"]')?.getAttribute('aria-label')), LONG)
        .toBe('Confirm delete');
      await page.keyboard.press('Enter');
      await log.getByText('This message was deleted.').waitFor(LONG);
      await expect(log.getByText('agreed, after the Friday demo').count()).resolves.toBe(0);
      await expectFocus(page, 'Message');

      const phone = width < 720;
      if (phone) {
        // On a phone the list and the room take turns: Back shows the list, the focus on the room's entry (it was on <body>).
        await tabTo(page, 'Back to rooms', { back: true });
        await page.keyboard.press('Enter');
        await expectFocus(page, new RegExp(`^${roomName}`));
      }

      // A dialog: "Create a room" opens it, Escape closes it, the focus is back on its opener.
      await tabTo(page, 'Create a room', { back: true });
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Create a room' });
      await dialog.waitFor(LONG);
      await expect.poll(() => page.evaluate(() => document.activeElement?.closest('dialog') !== null), LONG).toBe(true);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached', ...LONG });
      await expectFocus(page, 'Create a room');

      // The members panel (not a modal): Escape inside it closes it, and so does its Close button; either way the
      // focus goes back to the "Members" button that opened it (it was left on <body>).
      if (phone) {
        await tabTo(page, new RegExp(`^${roomName}`));
        await page.keyboard.press('Enter');
        await expectFocus(page, 'Message');
      }
      const membersPanel = page.getByRole('complementary', { name: 'Members' });
      for (const closeWith of ['Escape', 'Enter'] as const) {
        await tabTo(page, /^Members: /);
        await page.keyboard.press('Enter');
        await membersPanel.getByText('Bo Berg').waitFor(LONG);
        await tabTo(page, 'Close members');
        await page.keyboard.press(closeWith);
        await membersPanel.waitFor({ state: 'detached', ...LONG });
        await expectFocus(page, /^Members: 2$/);
      }
    },
    180_000,
  );
});
