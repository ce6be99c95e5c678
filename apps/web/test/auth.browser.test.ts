import { describe, expect, it } from 'vitest';
import { gradientPng } from './png.js';
import { newUser, screenshot, signUpInBrowser, withChatServer } from './browser.js';

describe('signing in from the browser', () => {
  const chat = withChatServer();

  it('a new user signs up, stays signed in across a reload, and signs out back to the sign-in screen', async () => {
    const { context, page } = await chat.open();
    await page.getByLabel('Email').waitFor();
    await screenshot(page, 'sign-in-desktop-light');

    const ana = newUser('Ana Lima');
    await signUpInBrowser(page, ana);
    await page.getByText('Ana Lima').first().waitFor();

    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 15_000 });
    expect(await page.getByText('Ana Lima').first().isVisible()).toBe(true);

    // Profile: a new display name and a picture.
    await page.getByRole('button', { name: 'Profile: Ana Lima' }).click();
    await page
      .getByRole('dialog', { name: 'Your profile' })
      .locator('input[type="file"]')
      .setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: gradientPng(96, 96) });
    await page.locator('.me-button img').waitFor({ timeout: 15_000 });
    await page.getByLabel('Display name').fill('Ana L. Lima');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Profile: Ana L. Lima' }).waitFor({ timeout: 15_000 });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.getByText('Ana L. Lima').count()).toBe(0);
    await page.reload();
    await page.getByLabel('Email').waitFor({ timeout: 15_000 });
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    await context.close();
  });

  it('a wrong password is refused with a clear message, and the right one signs in', async () => {
    const { context, page } = await chat.open();
    const { user } = await chat.server.signUp('Bo Berg');
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Wrong email or password.');

    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 15_000 });
    expect(await page.getByText('Bo Berg').first().isVisible()).toBe(true);
    await context.close();
  });

  it('signing out in one tab sends the other tab of the same browser back to sign-in', async () => {
    const { context, page } = await chat.open();
    await signUpInBrowser(page, newUser('Dee Tabs'));
    const second = await context.newPage();
    await second.goto('/');
    await second.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 15_000 });
    await second.getByText('Live').waitFor({ timeout: 15_000 });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await second.getByLabel('Email').waitFor({ timeout: 20_000 });
    await context.close();
  });

  it('sign-up shows what is wrong with each field', async () => {
    const { context, page } = await chat.open({ viewport: { width: 375, height: 740 } });
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByLabel('Name').fill('Cy');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByText('Password must be at least 8 characters.').waitFor();
    await page.getByText(/valid email address/).waitFor();
    await screenshot(page, 'sign-up-errors-mobile-light');
    await context.close();
  });
});
