import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BrowserSubscriber, startPushService } from '../../server/test/push/push-service.js';
import { newUser, screenshot, signUpInBrowser, withChatServer } from './browser.js';

const LONG = { timeout: 15_000 };

// Issue 15 in the browser: Confab is installable (manifest, icons, a service worker that keeps the
// shell and never API data), a tab in view tells the server so it is not pushed, and the account
// dialog's push switch says where this device stands. Headless Chromium has no push service, so a
// real browser subscription is not tested here (the server tests decrypt pushes end to end).

const signedInId = async (page: Page): Promise<string> =>
  page.evaluate(async () => {
    const response = await fetch('/trpc/auth.me', { credentials: 'include' });
    const body = (await response.json()) as { result: { data: { id: string } } };
    return body.result.data.id;
  });

const pushSwitch = (page: Page) => page.getByRole('dialog', { name: 'Your account' }).getByRole('switch', { name: 'Push notifications' });
const pushState = (page: Page) => page.locator('#account-push-state').getAttribute('data-push-state');

describe('Confab as an installed app with push', () => {
  const chat = withChatServer({ env: { PUSH_ALLOW_HTTP_ENDPOINTS: 'true' } });

  it('links a manifest with PNG icons, and registers a service worker that caches the shell but no API data', async () => {
    const { page } = await chat.open();
    await signUpInBrowser(page, newUser('Ana App'));
    const manifest = await page.evaluate(async () => {
      const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
      if (!link) return null;
      const response = await fetch(link.href);
      return (await response.json()) as { name: string; display: string; start_url: string; icons: { src: string; sizes: string; type: string }[] };
    });
    expect(manifest).toMatchObject({ name: 'Confab', display: 'standalone', start_url: '/' });
    expect(manifest?.icons.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest?.icons ?? []) {
      const response = await page.request.get(icon.src);
      expect(response.status(), icon.src).toBe(200);
      expect(response.headers()['content-type']).toBe('image/png');
      expect((await response.body()).subarray(1, 4).toString()).toBe('PNG');
    }

    const script = await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL ?? null);
    expect(script).toBe(`${chat.server.url}/sw.js`);
    // Once it controls the page, what the page loads goes through it.
    await page.reload();
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), LONG).toBe(true);
    await page.getByRole('navigation', { name: 'Rooms' }).waitFor(LONG);
    const cached = () =>
      page.evaluate(async () => {
        const cache = await caches.open('confab-shell-v1');
        return (await cache.keys()).map((request) => new URL(request.url).pathname);
      });
    await expect.poll(async () => (await cached()).some((path) => path.startsWith('/assets/')), LONG).toBe(true);
    const paths = await cached();
    expect(paths).toContain('/');
    expect(paths.filter((path) => /^\/(trpc|api|uploads)/.test(path))).toEqual([]);
  });

  it('a tab in view is not pushed; once it is closed, a DM is', async () => {
    const pushService = await startPushService();
    try {
      const bo = await chat.open();
      await signUpInBrowser(bo.page, newUser('Bo Tab'));
      const boId = await signedInId(bo.page);
      // The browser's own subscription cannot be made headless: the page registers one of ours instead.
      const subscriber = new BrowserSubscriber(pushService.endpoint('bo'));
      const subscribed = await bo.page.evaluate(async (input) => {
        const response = await fetch('/trpc/push.subscribe', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(input),
        });
        return response.status;
      }, subscriber.subscription);
      expect(subscribed).toBe(200);

      const ana = await chat.server.signUp('Ana Sender');
      const dm = await ana.client.room.openDirect.mutate({ userId: boId });
      // The DM shows up in Bo's open tab: it was delivered live, and not pushed (the closed tab's push comes first below).
      const seen = await ana.client.message.send.mutate({ roomId: dm.id, body: 'you can see this', clientId: crypto.randomUUID() });
      await bo.page
        .getByRole('navigation', { name: 'Direct messages' })
        .getByRole('button', { name: /Ana Sender/ })
        .waitFor(LONG);
      await bo.context.close();
      await expect
        .poll(async () => {
          await ana.client.message.send.mutate({ roomId: dm.id, body: 'tab closed', clientId: crypto.randomUUID() });
          return pushService.received.length;
        }, LONG)
        .toBeGreaterThan(0);
      const first = pushService.received[0];
      const payload = first ? (JSON.parse(subscriber.decrypt(first.body)) as { messageId: number; body: string }) : null;
      expect(payload?.body).toBe('tab closed');
      expect(payload?.messageId).not.toBe(seen.id);
    } finally {
      await pushService.close();
    }
  });

  it('the account dialog says whether this device can get pushes: off, blocked, or unsupported', async () => {
    const fresh = async (setUp?: () => void) => {
      const opened = await chat.open();
      if (setUp) {
        await opened.page.addInitScript(setUp);
        await opened.page.reload();
      }
      await signUpInBrowser(opened.page, newUser('Cy Settings'));
      await opened.page.getByRole('button', { name: 'Your account' }).click();
      return opened;
    };

    const off = await fresh();
    await expect.poll(() => pushState(off.page), LONG).toBe('off');
    await expect(pushSwitch(off.page).isChecked()).resolves.toBe(false);
    await expect(pushSwitch(off.page).isEnabled()).resolves.toBe(true);
    await screenshot(off.page, 'push-settings-off');

    const denied = await fresh(() => Object.defineProperty(Notification, 'permission', { get: () => 'denied' }));
    await expect.poll(() => pushState(denied.page), LONG).toBe('denied');
    await expect(pushSwitch(denied.page).isDisabled()).resolves.toBe(true);
    await denied.page.getByText('Notifications are blocked for this site').waitFor(LONG);

    const unsupported = await fresh(() => {
      Reflect.deleteProperty(window, 'PushManager');
    });
    await expect.poll(() => pushState(unsupported.page), LONG).toBe('unsupported');
    await expect(pushSwitch(unsupported.page).isDisabled()).resolves.toBe(true);
    await unsupported.page.getByText('This browser cannot receive push notifications').waitFor(LONG);
  });
});
