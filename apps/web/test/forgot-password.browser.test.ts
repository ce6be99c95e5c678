import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, waitFor, type TestServer } from '../../server/test/harness.js';
import { startSmtpSink } from '../../server/test/team/smtp-sink.js';
import { ensureWebBuilt, launchBrowser, newUser, openUserPage, screenshot } from './browser.js';

describe('"Forgot password?" on the sign-in page', () => {
  let browser: Browser;
  const servers: TestServer[] = [];
  let smtp: Awaited<ReturnType<typeof startSmtpSink>> | undefined;

  beforeAll(async () => {
    ensureWebBuilt();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    for (const server of servers) await server.close();
    await smtp?.close();
  });

  it('without SMTP, says to ask an admin for a reset link', async () => {
    const server = await startServer();
    servers.push(server);
    await server.client().auth.setup.mutate({ teamName: 'Acme', ...newUser('Ada Admin') });
    const { page, context } = await openUserPage(browser, server.url);
    await page.getByRole('button', { name: 'Forgot password?' }).click();
    await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Ask an admin for a reset link' }).waitFor();
    expect(await page.getByRole('button', { name: 'Send reset link' }).count()).toBe(0);
    await screenshot(page, 'forgot-no-smtp-desktop-light');
    await page.getByRole('button', { name: 'Back to sign in' }).click();
    await page.getByRole('heading', { name: 'Welcome back' }).waitFor();
    await context.close();
  });

  it('with SMTP, mails a link to the address and answers the same for an unknown one', async () => {
    smtp = await startSmtpSink();
    const server = await startServer({ env: { SMTP_URL: smtp.url, SMTP_FROM: 'Acme Chat <chat@example.com>' } });
    servers.push(server);
    const ada = newUser('Ada Admin');
    await server.client().auth.setup.mutate({ teamName: 'Acme', ...ada });
    for (const [colorScheme, viewport] of [
      ['light', { width: 1280, height: 800 }],
      ['dark', { width: 375, height: 740 }],
    ] as const) {
      const { page, context } = await openUserPage(browser, server.url, { colorScheme, viewport });
      // The address typed for signing in carries over.
      await page.getByLabel('Email').fill(colorScheme === 'light' ? ada.email : 'nobody-here@example.com');
      await page.getByRole('button', { name: 'Forgot password?' }).click();
      await page.getByRole('button', { name: 'Send reset link' }).waitFor();
      await screenshot(page, `forgot-smtp-${colorScheme}-${viewport.width}`);
      await page.getByRole('button', { name: 'Send reset link' }).click();
      await page.getByRole('status').filter({ hasText: 'a reset link is on its way' }).waitFor();
      await screenshot(page, `forgot-sent-${colorScheme}-${viewport.width}`);
      await context.close();
    }
    const mail = await waitFor(() => smtp?.mails.find((text) => text.includes(ada.email)), 10_000, 'the reset mail');
    expect(mail.replace(/=\r?\n/g, '')).toMatch(/\/reset\/[\w-]{20,}/);
    // Only the real account got a mail; the unknown address got the same answer and nothing else.
    expect(smtp.mails).toHaveLength(1);
  });
});
