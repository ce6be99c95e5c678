import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { expectNoAxeViolations, newUser, signUpInBrowser, withChatServer, type UserPage } from './browser.js';
import { gradientPng } from './png.js';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 740 };
const VARIANTS = [
  { name: 'light, desktop', colorScheme: 'light', viewport: DESKTOP },
  { name: 'dark, desktop', colorScheme: 'dark', viewport: DESKTOP },
  { name: 'light, 375 px', colorScheme: 'light', viewport: PHONE },
  { name: 'dark, 375 px', colorScheme: 'dark', viewport: PHONE },
] as const;

/**
 * Runs axe on one screen in both themes at both sizes. `ready` waits for what the screen must show
 * (at a given size: the phone shows the sidebar or the room, not both). Violations are collected,
 * so one run lists everything that is wrong, not only the first screen.
 */
async function checkScreen(page: Page, screen: string, found: string[], ready: (phone: boolean) => Promise<void>): Promise<void> {
  for (const variant of VARIANTS) {
    await page.emulateMedia({ colorScheme: variant.colorScheme, reducedMotion: 'reduce' });
    await page.setViewportSize(variant.viewport);
    await ready(variant.viewport === PHONE);
    // A theme switch starts colour transitions; contrast is measured once they are over.
    await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'));
    try {
      await expectNoAxeViolations(page, `${screen} (${variant.name})`);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('axe:')) throw error;
      found.push(error.message);
    }
  }
}

/** Closes `shown` with Escape if it is open, then opens it again: a popover is placed (or made a sheet) for the size it opens at. */
async function reopen(page: Page, shown: Locator, open: () => Promise<void>): Promise<void> {
  if ((await shown.count()) > 0) {
    await page.keyboard.press('Escape');
    await shown.waitFor({ state: 'detached' });
  }
  await open();
  await shown.waitFor();
}

function expectNothingFound(found: string[]): void {
  if (found.length) console.error(found.join('\n\n'));
  expect(found.length, 'screens with axe violations (listed above)').toBe(0);
}

async function trpcPost<T>(page: Page, path: string, input: unknown): Promise<T> {
  const body = await page.evaluate(
    async ({ path, input }) => {
      const response = await fetch(`/trpc/${path}`, {
        method: 'POST',
        credentials: 'include',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      return response.json() as Promise<unknown>;
    },
    { path, input },
  );
  const result = (body as { result?: { data?: T } }).result;
  if (!result?.data) throw new Error(`${path} failed: ${JSON.stringify(body)}`);
  return result.data;
}

describe('every screen passes axe (WCAG 2.1 A/AA) in light and dark, desktop and 375 px', () => {
  const chat = withChatServer();
  const ana = newUser('Ana Lima');
  let admin: UserPage;

  it('first-run setup, sign-in and join by invite', async () => {
    const found: string[] = [];
    admin = await chat.open();
    const setupHeading = admin.page.getByRole('heading', { name: 'Set up Confab' });
    await checkScreen(admin.page, 'first-run setup', found, () => setupHeading.waitFor());
    await signUpInBrowser(admin.page, ana);

    const visitor = await chat.open();
    const signIn = visitor.page.getByRole('button', { name: 'Sign in', exact: true });
    await checkScreen(visitor.page, 'sign-in', found, () => signIn.waitFor());
    await visitor.page.getByRole('button', { name: 'Create an account' }).click();
    await checkScreen(visitor.page, 'sign-up', found, () => visitor.page.getByRole('button', { name: 'Sign up' }).waitFor());
    // The form's own messages (a refused sign-up) must be readable too.
    await visitor.page.getByRole('button', { name: 'Sign up' }).click();
    await visitor.page.locator('.field-error, .form-error').first().waitFor();
    await checkScreen(visitor.page, 'sign-up with errors', found, () => visitor.page.getByRole('button', { name: 'Sign up' }).waitFor());

    const invite = await trpcPost<{ url: string }>(admin.page, 'invite.create', {});
    await visitor.page.goto(invite.url);
    const join = visitor.page.getByRole('heading', { name: /^Join / });
    await checkScreen(visitor.page, 'join by invite', found, () => join.waitFor());
    await visitor.context.close();
    expectNothingFound(found);
  });

  it('the chat shell with a busy room, members, dialogs, the lightbox and the admin page', async () => {
    const found: string[] = [];
    const { page } = admin;
    const me = await page.evaluate(async () => {
      const response = (await (await fetch('/trpc/auth.me', { credentials: 'include' })).json()) as { result: { data: { id: string } } };
      return response.result.data;
    });
    const bo = await chat.server.signUp('Bo Berg');
    const cy = await chat.server.signUp('Cy Ortiz');
    const room = await bo.client.room.create.mutate({ name: 'Launch', visibility: 'public', memberIds: [me.id, cy.user.id] });
    const send = (client: typeof bo.client, body: string, attachmentIds?: string[]) =>
      client.message.send.mutate({ roomId: room.id, body, clientId: randomUUID(), ...(attachmentIds ? { attachmentIds } : {}) });
    await send(bo.client, 'Morning! The launch checklist is in the doc: https://example.com/checklist');
    await send(cy.client, '@Ana Lima can you look at the **release notes** before noon?');
    const liked = await send(bo.client, 'Staging is green `v1.4.2` ✅');
    await cy.client.message.react.mutate({ messageId: liked.id, emoji: '🎉' });
    const image = await bo.client.upload(new Uint8Array(gradientPng(320, 200)), { filename: 'banner.png' });
    await send(bo.client, 'Screenshot of the new banner', [image.id]);
    const other = await cy.client.room.create.mutate({ name: 'Design', visibility: 'public', memberIds: [me.id] });
    await cy.client.message.send.mutate({ roomId: other.id, body: 'Unread here', clientId: randomUUID() });
    await bo.client.room.openDirect
      .mutate({ userId: me.id })
      .then((dm) => bo.client.message.send.mutate({ roomId: dm.id, body: 'hi Ana', clientId: randomUUID() }));

    const rooms = page.getByRole('navigation', { name: 'Rooms' });
    const roomList = async (phone: boolean) => {
      if (phone) await rooms.getByRole('button', { name: /Launch/ }).waitFor();
    };
    await rooms.getByRole('button', { name: /Design/ }).waitFor();
    await checkScreen(page, 'chat shell, no room open (phone: the sidebar)', found, async (phone) => {
      await roomList(phone);
      await page
        .getByRole('heading', { name: /Welcome/ })
        .or(rooms)
        .first()
        .waitFor();
    });

    await rooms.getByRole('button', { name: /Launch/ }).click();
    const log = page.getByRole('log');
    const banner = log.getByRole('button', { name: 'Open image banner.png' });
    await log.getByText('Staging is green').waitFor();
    await checkScreen(page, 'busy room', found, () => banner.waitFor());

    await page.getByRole('button', { name: /Members/ }).click();
    const members = page.getByRole('complementary', { name: 'Members' });
    await checkScreen(page, 'members panel', found, () => members.getByText('Cy Ortiz').waitFor());
    await page.getByRole('button', { name: 'Close members' }).click();

    await banner.click();
    const lightbox = page.getByRole('dialog');
    await checkScreen(page, 'lightbox', found, () => lightbox.waitFor());
    await page.keyboard.press('Escape');
    await lightbox.waitFor({ state: 'detached' });

    for (const [opener, screen] of [
      ['Create a room', 'create room dialog'],
      ['Browse public rooms', 'browse rooms dialog'],
      [/^Profile|Ana Lima/, 'profile dialog'],
      ['Your account', 'account dialog'],
    ] as const) {
      await page.setViewportSize(DESKTOP);
      await page.goto('/#/');
      await page.getByRole('button', { name: opener }).first().click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await checkScreen(page, screen, found, () => dialog.waitFor());
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
    }

    await page.goto('/#/admin');
    await checkScreen(page, 'admin page', found, () =>
      page
        .getByRole('heading', { name: /Admin|People/ })
        .first()
        .waitFor(),
    );
    expectNothingFound(found);
  });

  it('search results and chips, the quick switcher, the catch-up bar, the actions menu and the emoji picker', async () => {
    const found: string[] = [];
    const { page } = admin;
    await page.setViewportSize(DESKTOP);
    await page.goto('/#/');
    const me = await page.evaluate(async () => {
      const response = (await (await fetch('/trpc/auth.me', { credentials: 'include' })).json()) as { result: { data: { id: string } } };
      return response.result.data;
    });
    // A room with 60 unread from three people: it opens at the read marker, under the catch-up bar.
    const writers = await Promise.all(['Dee Park', 'Eli Ruiz', 'Fay Chen'].map((name) => chat.server.signUp(name)));
    const [dee] = writers;
    if (!dee) throw new Error('no writer');
    const busy = await dee.client.room.create.mutate({ name: 'Standup', visibility: 'public', memberIds: [me.id, ...writers.map((w) => w.user.id)] });
    const opening = await dee.client.message.send.mutate({ roomId: busy.id, body: 'Standup notes for the launch week', clientId: randomUUID() });
    await trpcPost(page, 'room.markRead', { roomId: busy.id, messageId: opening.id });
    for (let i = 1; i <= 20; i++) {
      for (const writer of writers) {
        await writer.client.message.send.mutate({ roomId: busy.id, body: `${writer.user.name}: launch item ${i} is done`, clientId: randomUUID() });
      }
    }
    const rooms = page.getByRole('navigation', { name: 'Rooms' });
    await rooms.getByRole('button', { name: /Standup/ }).waitFor();

    // Search: the chips, a room (the quick switcher part) and message hits with the matched words marked.
    const box = page.getByRole('combobox', { name: 'Search messages, rooms and people' });
    const results = page.getByRole('listbox', { name: 'Search results' });
    const searchFor = async (query: string, shown: Locator) => {
      await reopen(page, results, async () => {
        await box.fill(query);
      });
      await shown.waitFor();
    };
    await checkScreen(page, 'search results with chips', found, () =>
      searchFor('launch', results.getByRole('group', { name: 'Messages' }).locator('mark').first()),
    );
    await checkScreen(page, 'quick switcher (a room and a person)', found, () =>
      searchFor('e', results.getByRole('group', { name: 'People' }).getByRole('option').first()),
    );
    await page.keyboard.press('Escape');
    await results.waitFor({ state: 'detached' });

    await rooms.getByRole('button', { name: /Standup/ }).click();
    const bar = page.getByRole('status').filter({ hasText: 'new messages since' });
    await checkScreen(page, 'catch-up bar', found, () => bar.waitFor());

    const log = page.getByRole('log');
    const more = log.getByRole('button', { name: /^More actions: message from/ }).first();
    const menu = page.getByRole('menu');
    const openMenu = async () => {
      await more.focus();
      await page.keyboard.press('Enter');
    };
    await checkScreen(page, 'actions menu open', found, () => reopen(page, menu, openMenu));
    const picker = page.getByRole('dialog', { name: 'Pick a reaction' });
    await checkScreen(page, 'emoji picker open', found, async () => {
      await reopen(page, picker, async () => {
        await reopen(page, menu, openMenu);
        await menu.getByRole('menuitem', { name: 'Add reaction' }).focus();
        await page.keyboard.press('Enter');
      });
      await picker.getByRole('button', { name: 'React with 👍' }).waitFor();
    });
    await page.keyboard.press('Escape');
    await picker.waitFor({ state: 'detached' });
    expectNothingFound(found);
  }, 120_000);
});
