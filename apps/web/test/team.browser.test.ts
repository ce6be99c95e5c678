import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { runCli } from '../../server/test/cli/helpers.js';
import { newUser, screenshot, signUpInBrowser, withChatServer, type BrowserUser } from './browser.js';

/** The path of a link the server made (PUBLIC_ORIGIN may differ from the test's address). */
const pathOf = (url: string) => new URL(url).pathname;

async function fillAccount(page: Page, user: BrowserUser, nameLabel = 'Name') {
  await page.getByLabel(nameLabel).fill(user.name);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
}

async function newInviteLink(page: Page, uses: string): Promise<string> {
  const field = page.getByLabel('New invite link');
  const before = (await field.count()) > 0 ? await field.inputValue() : '';
  await page.getByLabel('Uses').fill(uses);
  await page.getByRole('button', { name: 'Create invite link' }).click();
  await expect.poll(async () => ((await field.count()) > 0 ? field.inputValue() : '')).not.toBe(before);
  const url = await field.inputValue();
  expect(url).toContain('/join/');
  return pathOf(url);
}

describe('a team in the browser: first run, invite links, the admin page', () => {
  const chat = withChatServer({ env: { DEFAULT_SIGNUP_MODE: 'invite' } });
  const state = { adminEmail: '', boEmail: '' };

  it('the first person sets Confab up and becomes its admin; a stranger cannot sign up; an invite link lets someone in once', async () => {
    const admin = await chat.open();
    await admin.page.getByRole('heading', { name: 'Set up Confab' }).waitFor();
    await screenshot(admin.page, 'team-setup-desktop-light');
    const ada = newUser('Ada Admin');
    state.adminEmail = ada.email;
    await admin.page.getByLabel('Team name').fill('Acme Rockets');
    await fillAccount(admin.page, ada, 'Your name');
    await admin.page.getByRole('button', { name: 'Set up Confab' }).click();
    await admin.page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 15_000 });

    // A stranger on the sign-in page: sign-up needs an invite now.
    const stranger = await chat.open();
    await stranger.page.getByRole('button', { name: 'Create an account' }).click();
    await fillAccount(stranger.page, newUser('Sam Stranger'));
    await stranger.page.getByRole('button', { name: 'Sign up' }).click();
    await stranger.page.getByRole('alert').waitFor();
    expect(await stranger.page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);

    // The admin page: make a one-use link.
    await admin.page.getByRole('link', { name: 'Admin' }).click();
    await admin.page.getByRole('heading', { name: /^Admin · Acme Rockets$/ }).waitFor();
    const link = await newInviteLink(admin.page, '1');
    await screenshot(admin.page, 'team-admin-desktop-light');

    // The link opens a sign-up form under the team's name; joining signs in and leaves the link.
    const bo = newUser('Bo Joiner');
    state.boEmail = bo.email;
    const joiner = await chat.open();
    await joiner.page.goto(link);
    await joiner.page.getByRole('heading', { name: 'Join Acme Rockets' }).waitFor();
    await screenshot(joiner.page, 'team-join-desktop-light');
    await fillAccount(joiner.page, bo);
    await joiner.page.getByRole('button', { name: 'Join Acme Rockets' }).click();
    await joiner.page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 15_000 });
    expect(new URL(joiner.page.url()).pathname).toBe('/');
    expect(await joiner.page.getByRole('link', { name: 'Admin' }).count()).toBe(0);

    // The same link again: used up, said plainly, no form.
    const late = await chat.open();
    await late.page.goto(link);
    await late.page.getByRole('heading', { name: "This invite link doesn't work" }).waitFor();
    expect(await late.page.getByRole('alert').textContent()).toMatch(/used|no longer/i);
    expect(await late.page.getByLabel('Password').count()).toBe(0);
    await screenshot(late.page, 'team-join-used-up-desktop-light');

    // Revoking a fresh link stops it at once.
    const second = await newInviteLink(admin.page, '5');
    const invites = admin.page.getByRole('list', { name: 'Invites' });
    await invites.getByRole('button', { name: 'Revoke' }).first().click();
    await invites.getByText('Revoked').waitFor();
    await late.page.goto(second);
    await late.page.getByRole('heading', { name: "This invite link doesn't work" }).waitFor();
    expect(await late.page.getByRole('alert').textContent()).toMatch(/revoked/i);

    for (const user of [admin, stranger, joiner, late]) await user.context.close();
  });

  it('the admin gives a reset link, changes roles, deactivates and reactivates, and opens sign-up to anyone', async () => {
    const refused = await chat.server.signUp('Cy Plain').then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).not.toBeNull(); // invite mode: a register without a code is refused

    const admin = await chat.open();
    admin.page.on('dialog', (dialog) => void dialog.accept());
    await admin.page.getByLabel('Email').fill(state.adminEmail);
    await admin.page.getByLabel('Password').fill('correct horse battery');
    await admin.page.getByRole('button', { name: 'Sign in' }).click();
    await admin.page.getByRole('link', { name: 'Admin' }).click();
    const people = admin.page.getByRole('list', { name: 'People' });
    const bo = people.getByRole('listitem', { name: 'Bo Joiner' });
    const ada = people.getByRole('listitem', { name: 'Ada Admin' });
    await bo.waitFor();

    // Search narrows the list.
    await admin.page.getByLabel('Search people').fill('joiner');
    await expect.poll(() => ada.count()).toBe(0);
    await admin.page.getByLabel('Search people').fill('');
    await ada.waitFor();

    // Roles, and the last admin cannot step down.
    await bo.getByRole('button', { name: 'Make admin' }).click();
    await bo.getByText('Admin', { exact: true }).waitFor();
    await bo.getByRole('button', { name: 'Remove admin' }).click();
    await bo.getByRole('button', { name: 'Make admin' }).waitFor();
    await ada.getByRole('button', { name: 'Remove admin' }).click();
    const alert = admin.page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/admin/i);

    // A reset link: the person chooses a new password once and signs in with it.
    await bo.getByRole('button', { name: 'Reset link' }).click();
    const resetField = bo.getByLabel('Reset link for Bo Joiner');
    await expect.poll(() => resetField.inputValue()).toContain('/reset/');
    const resetPath = pathOf(await resetField.inputValue());
    const person = await chat.open();
    await person.page.goto(resetPath);
    await person.page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await screenshot(person.page, 'team-reset-desktop-light');
    await person.page.getByLabel('New password').fill('a brand new password');
    await person.page.getByRole('button', { name: 'Set new password' }).click();
    await person.page.getByRole('heading', { name: 'Password changed' }).waitFor();
    await person.page.getByRole('button', { name: 'Sign in' }).click();
    await person.page.getByLabel('Email').fill(state.boEmail);
    await person.page.getByLabel('Password').fill('a brand new password');
    await person.page.getByRole('button', { name: 'Sign in' }).click();
    await person.page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 15_000 });
    // The link worked once.
    const again = await chat.open();
    await again.page.goto(resetPath);
    await again.page.getByLabel('New password').fill('yet another password');
    await again.page.getByRole('button', { name: 'Set new password' }).click();
    await again.page.getByRole('alert').waitFor();

    // Deactivating signs them out at once; reactivating lets them back in.
    await bo.getByRole('button', { name: 'Deactivate' }).click();
    await bo.getByText('Deactivated', { exact: true }).waitFor();
    await person.page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 15_000 });
    await bo.getByRole('button', { name: 'Reactivate' }).click();
    await bo.getByRole('button', { name: 'Deactivate' }).waitFor();

    // Who may join: anyone.
    await admin.page.getByRole('radio', { name: /^Anyone/ }).check();
    await admin.page.getByRole('button', { name: 'Save' }).click();
    await admin.page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const newcomer = await chat.open();
    await newcomer.page.getByRole('button', { name: 'Create an account' }).click();
    await fillAccount(newcomer.page, newUser('Di Open'));
    await newcomer.page.getByRole('button', { name: 'Sign up' }).click();
    await newcomer.page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 15_000 });

    // The new sign-up shows up on the open admin page by itself.
    await admin.page.getByRole('listitem', { name: 'Di Open' }).waitFor();
    await admin.page.getByRole('heading', { name: 'Server' }).scrollIntoViewIfNeeded();
    await screenshot(admin.page, 'team-admin-server-desktop-light');
    for (const user of [admin, person, again, newcomer]) await user.context.close();
  });

  it('the people list follows role changes and renames live, from another admin and from the `confab` CLI, with no reload', async () => {
    const admin = await chat.open();
    await admin.page.getByLabel('Email').fill(state.adminEmail);
    await admin.page.getByLabel('Password').fill('correct horse battery');
    await admin.page.getByRole('button', { name: 'Sign in' }).click();
    await admin.page.getByRole('link', { name: 'Admin' }).click();
    const people = admin.page.getByRole('list', { name: 'People' });
    await people.getByRole('listitem', { name: 'Ada Admin' }).waitFor();

    // Another admin's change (the same account, as a program): a sign-up, then a new role.
    const otherAdmin = chat.server.client();
    await otherAdmin.signIn({ email: state.adminEmail, password: 'correct horse battery' });
    const gil = await chat.server.signUp('Gil Live');
    const row = people.getByRole('listitem', { name: 'Gil Live' });
    await row.getByRole('button', { name: 'Make admin' }).waitFor();
    await otherAdmin.admin.setRole.mutate({ userId: gil.user.id, role: 'admin' });
    await row.getByText('Admin', { exact: true }).waitFor();
    await row.getByRole('button', { name: 'Remove admin' }).click();
    await row.getByRole('button', { name: 'Make admin' }).waitFor();

    // The command line, another process: a promotion, then a new name.
    const promoted = await runCli(['promote', gil.user.email], { DATA_DIR: chat.server.dataDir });
    expect(promoted.code, promoted.stderr).toBe(0);
    await row.getByText('Admin', { exact: true }).waitFor({ timeout: 15_000 });
    const renamed = await runCli(['rename', gil.user.email, 'Gil', 'Renamed'], { DATA_DIR: chat.server.dataDir });
    expect(renamed.code, renamed.stderr).toBe(0);
    await people.getByRole('listitem', { name: 'Gil Renamed' }).waitFor({ timeout: 15_000 });
    expect(await row.count()).toBe(0);
    await admin.context.close();
  });

  it('the admin page reads well in dark and at 375 px', async () => {
    for (const [name, options] of [
      ['team-admin-desktop-dark', { colorScheme: 'dark' as const }],
      ['team-admin-mobile-light', { viewport: { width: 375, height: 740 } }],
      ['team-admin-mobile-dark', { viewport: { width: 375, height: 740 }, colorScheme: 'dark' as const }],
    ] as const) {
      const admin = await chat.open(options);
      await admin.page.getByLabel('Email').fill(state.adminEmail);
      await admin.page.getByLabel('Password').fill('correct horse battery');
      await admin.page.getByRole('button', { name: 'Sign in' }).click();
      await admin.page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 15_000 });
      await admin.page.goto('/#/admin');
      await admin.page.getByRole('list', { name: 'People' }).waitFor();
      await screenshot(admin.page, name);
      await admin.context.close();
    }
  });
});

describe('"Your account" in the browser', () => {
  const chat = withChatServer();

  beforeAll(async () => {
    // Someone else is the admin: the last admin may not deactivate themselves, and Eve does at the end.
    await chat.server.client().auth.setup.mutate({ teamName: 'Confab', ...newUser('Ada Admin') });
  });

  it('changes the password (ending the other device), lists and ends sessions, changes the e-mail, and deactivates the account', async () => {
    const eve = newUser('Eve Owner');
    const laptop = await chat.open();
    await signUpInBrowser(laptop.page, eve);
    const phone = await chat.open({ viewport: { width: 375, height: 740 } });
    await phone.page.getByLabel('Email').fill(eve.email);
    await phone.page.getByLabel('Password').fill(eve.password);
    await phone.page.getByRole('button', { name: 'Sign in' }).click();
    await phone.page.getByRole('button', { name: 'Sign out' }).first().waitFor({ timeout: 15_000 });

    await laptop.page.getByRole('button', { name: 'Your account' }).click();
    const dialog = laptop.page.getByRole('dialog', { name: 'Your account' });
    const sessions = dialog.getByRole('list', { name: 'Sessions' });
    await expect.poll(() => sessions.getByRole('listitem').count()).toBe(2);
    await screenshot(laptop.page, 'account-dialog-desktop-light');

    // A wrong current password is refused; the right one changes it and signs the phone out.
    await dialog.getByLabel('Current password').fill('not my password');
    await dialog.getByLabel('New password').fill('a fresh secret phrase');
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'That is not your current password.' }).waitFor();
    // The typo left the session alone: still signed in, the dialog still open.
    expect(await laptop.page.getByRole('button', { name: 'Sign out' }).count()).toBeGreaterThan(0);
    await dialog.getByLabel('Current password').fill(eve.password);
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Password changed' }).waitFor();
    await phone.page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 15_000 });
    await laptop.page.getByRole('button', { name: 'Close' }).click();
    await laptop.page.getByRole('button', { name: 'Your account' }).click();
    await expect.poll(() => sessions.getByRole('listitem').count()).toBe(1);

    // A new e-mail needs the password.
    const newEmail = `renamed-${eve.email}`;
    await dialog.getByLabel('E-mail address').fill(newEmail);
    await dialog.getByLabel('Password to confirm').fill('a fresh secret phrase');
    await dialog.getByRole('button', { name: 'Change e-mail' }).click();
    await dialog.getByRole('status').filter({ hasText: 'E-mail changed' }).waitFor();

    // Deactivating your own account signs you out; the old credentials no longer work.
    laptop.page.on('dialog', (confirmDialog) => void confirmDialog.accept());
    await dialog.getByLabel('Password to deactivate').fill('a fresh secret phrase');
    await dialog.getByRole('button', { name: 'Deactivate my account' }).click();
    await laptop.page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 15_000 });
    await laptop.page.getByLabel('Email').fill(newEmail);
    await laptop.page.getByLabel('Password').fill('a fresh secret phrase');
    await laptop.page.getByRole('button', { name: 'Sign in' }).click();
    await laptop.page.getByRole('alert').waitFor();
    expect(await laptop.page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    await laptop.context.close();
    await phone.context.close();
  });
});
