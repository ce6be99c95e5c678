import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createConfabClient } from '@confab/sdk';
import { newUser, signUpInBrowser, withChatServer, type UserPage } from './browser.js';

const LONG = { timeout: 15_000 };
const SHOTS = process.env.CONFAB_SHOTS_DIR;
const roomEntry = (page: Page, name: string) => page.getByRole('navigation', { name: 'Rooms' }).getByRole('button', { name: new RegExp(name) });

// Issue 11 in the browser: personal API keys in the account dialog, bots on the admin page, and a
// room's webhooks from its header; each secret is shown once and then works from a program.
describe('integrations in the browser', () => {
  const chat = withChatServer({ env: { PUBLIC_ORIGIN: 'http://127.0.0.1' } });
  let admin: UserPage;
  const adminUser = newUser('Ada Admin');
  const local = (url: string) => url.replace('http://127.0.0.1', chat.server.url);

  async function signedInAdmin(): Promise<UserPage> {
    if (admin) return admin;
    admin = await chat.open();
    await signUpInBrowser(admin.page, adminUser);
    return admin;
  }

  it('Your account → API keys: a key is shown once with Copy, works as a bearer token, and stops once revoked', async () => {
    const { page } = await signedInAdmin();
    await page.getByRole('button', { name: 'Your account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Your account' });
    const form = dialog.getByRole('form', { name: 'New API key' });
    await form.getByLabel('Label').fill('deploy script');
    await form.getByRole('button', { name: 'Create key' }).click();
    const keyField = dialog.getByLabel('New key "deploy script"');
    await keyField.waitFor(LONG);
    const apiKey = await keyField.inputValue();
    expect(apiKey).toMatch(/^cfk_/);
    await dialog.getByRole('listitem', { name: 'deploy script' }).waitFor(LONG);
    if (SHOTS) await dialog.screenshot({ path: `${SHOTS}/account-api-keys.png` });

    const script = createConfabClient({ url: chat.server.url, apiKey });
    expect(await script.auth.me.query()).toMatchObject({ name: adminUser.name });
    await dialog.getByRole('button', { name: 'Revoke deploy script' }).click();
    await expect.poll(() => dialog.getByRole('listitem', { name: 'deploy script' }).count(), LONG).toBe(0);
    expect(await script.auth.me.query()).toBeNull();
    await script.close();
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('Admin → Bots: a bot made there posts with its key, and its messages carry a "bot" badge', async () => {
    const { page } = await signedInAdmin();
    await page.goto('/#/admin');
    const section = page.getByRole('region', { name: 'Bots' });
    await section.getByLabel('Name').fill('Deploy Bot');
    await section.getByRole('button', { name: 'Create bot' }).click();
    const keyField = section.getByLabel('API key of Deploy Bot');
    await keyField.waitFor(LONG);
    const apiKey = await keyField.inputValue();
    await section.getByRole('listitem', { name: 'Deploy Bot' }).waitFor(LONG);
    if (SHOTS) await section.screenshot({ path: `${SHOTS}/admin-bots.png` });

    const bot = createConfabClient({ url: chat.server.url, apiKey });
    const me = await bot.auth.me.query();
    if (!me) throw new Error('the bot key did not sign in');
    const room = await bot.room.create.mutate({ name: 'Deploys', visibility: 'private' });
    const directory = await bot.user.directory.query({ query: 'Ada' });
    const adminId = directory[0]?.user.id;
    if (!adminId) throw new Error('the admin is not in the directory');
    await bot.room.addMembers.mutate({ roomId: room.id, userIds: [adminId] });
    await bot.message.send.mutate({ roomId: room.id, body: 'deployed 812', clientId: randomUUID() });
    await page.getByRole('button', { name: 'Back to chat' }).click();
    await roomEntry(page, 'Deploys').click(LONG);
    const log = page.getByRole('log');
    await log.getByText('deployed 812').waitFor(LONG);
    await log.locator('.bot-badge', { hasText: 'bot' }).first().waitFor(LONG);
    await bot.close();
  });

  it('Room → Webhooks: the URL and a curl line are shown once; a POST to it appears in the room; revoked, it is 404', async () => {
    const { page } = await signedInAdmin();
    await page.getByRole('button', { name: 'Webhooks' }).click();
    const dialog = page.getByRole('dialog', { name: /Webhooks of Deploys/ });
    await dialog.getByLabel('Name').fill('CI');
    await dialog.getByRole('button', { name: 'Create webhook' }).click();
    const urlField = dialog.getByLabel('URL of CI');
    await urlField.waitFor(LONG);
    const url = await urlField.inputValue();
    // The copy field is on screen (a hidden-textarea rule once pushed every .copy-field off it).
    await expect.poll(() => urlField.isVisible(), LONG).toBe(true);
    expect((await urlField.boundingBox())?.x ?? -1).toBeGreaterThan(0);
    await expect.poll(() => dialog.getByLabel('Try it with curl').textContent(), LONG).toContain(`curl -X POST -d 'build 812 failed' ${url}`);
    if (SHOTS) await dialog.screenshot({ path: `${SHOTS}/webhooks-dialog.png` });

    const posted = await fetch(local(url), { method: 'POST', body: 'build 812 failed' });
    expect(posted.status).toBe(201);
    await page.getByRole('log').getByText('build 812 failed').waitFor(LONG);
    await dialog.getByRole('button', { name: 'Revoke CI' }).click();
    await expect.poll(() => dialog.getByRole('listitem', { name: 'CI' }).count(), LONG).toBe(0);
    expect((await fetch(local(url), { method: 'POST', body: 'again' })).status).toBe(404);
    if (SHOTS) {
      await dialog.getByRole('button', { name: 'Close' }).click();
      await page.screenshot({ path: `${SHOTS}/room-with-bots.png` });
    }
  });
});
