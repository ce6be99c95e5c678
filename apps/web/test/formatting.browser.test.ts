import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import type { ConfabClient } from '@confab/sdk';
import { startServer, type TestServer } from '../../server/test/harness.js';
import { ensureWebBuilt, launchBrowser, newUser, openUserPage, screenshot, signUpInBrowser, type UserPage } from './browser.js';

const LONG = { timeout: 15_000 };

describe('formatted messages in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let bo: UserPage;
  let ana: ConfabClient;
  let dmId: string;
  const boUser = newUser('Bo Format');

  /** Ana sends `body` over the SDK; resolves to the message's row in Bo's log once it shows */
  async function fromAna(body: string): Promise<Locator> {
    const sent = await ana.message.send.mutate({ roomId: dmId, body, clientId: randomUUID() });
    const row = bo.page.locator(`[data-message-id="${sent.id}"]`);
    await row.waitFor(LONG);
    // formatted once the parser's chunk has loaded
    await row.locator('.message-text.formatted').waitFor(LONG);
    return row;
  }

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer();
    browser = await launchBrowser();
    bo = await openUserPage(browser, server.url);
    await signUpInBrowser(bo.page, boUser);
    const signedUp = await server.signUp('Ana Format');
    ana = signedUp.client;
    const boRow = server.app.confab.db.$client.prepare('SELECT id FROM user WHERE email = ?').get(boUser.email) as { id: string };
    dmId = (await ana.room.openDirect.mutate({ userId: boRow.id })).id;
    await ana.message.send.mutate({ roomId: dmId, body: 'hello Bo', clientId: randomUUID() });
    await bo.page
      .getByRole('navigation', { name: 'Direct messages' })
      .getByRole('button', { name: /Ana Format/ })
      .click(LONG);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
  });

  it('inline code, bold, italic and strike become elements; a fenced block is monospace with a copy button', async () => {
    const inline = await fromAna('Run `npm ci` first, **really**, *please*, ~~not later~~');
    expect(await inline.locator('code').textContent()).toBe('npm ci');
    expect(await inline.locator('strong').textContent()).toBe('really');
    expect(await inline.locator('em').textContent()).toBe('please');
    expect(await inline.locator('s').textContent()).toBe('not later');
    expect(await inline.textContent()).not.toContain('`');

    const long = 'const aVeryLongLineThatMustScrollSideways = [' + '1, '.repeat(120) + '];';
    const fenced = await fromAna(['```js', long, 'console.log(`<b>${x}</b>`);', '```'].join('\n'));
    const pre = fenced.locator('pre');
    expect(await pre.locator('code').textContent()).toBe(`${long}\nconsole.log(\`<b>\${x}</b>\`);`);
    expect(await pre.evaluate((element) => getComputedStyle(element).fontFamily)).toMatch(/mono/i);
    expect(await pre.evaluate((element) => element.scrollWidth > element.clientWidth && getComputedStyle(element).overflowX === 'auto')).toBe(true);
    await fenced.getByRole('button', { name: 'Copy code' }).waitFor({ state: 'attached' });
  });

  it('raw HTML stays text, and a javascript: link is not a link', async () => {
    const html = await fromAna('<script>window.pwned = 1</script> <b>not bold</b> <img src=x onerror="window.pwned=2">');
    expect(await html.locator('script, b, img').count()).toBe(0);
    expect(await html.textContent()).toContain('<script>window.pwned = 1</script> <b>not bold</b>');
    expect(await bo.page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();

    const hostile = await fromAna('[click me](javascript:alert(1)) and [data](data:text/html,hi) and javascript:alert(2) and [rel](/settings)');
    expect(await hostile.locator('a').count()).toBe(0);
    expect(await hostile.textContent()).toContain('[click me](javascript:alert(1))');
  });

  it('links: URLs with parentheses, bare domains and e-mail addresses, [text](url) showing its URL on hover', async () => {
    const row = await fromAna(
      'See https://en.wikipedia.org/wiki/Foo_(bar), example.com, name@example.com and [the docs](https://example.com/docs). README.md is a file.',
    );
    const hrefs = await row
      .locator('a')
      .evaluateAll((links) => links.map((link) => [link.getAttribute('href'), link.textContent, link.getAttribute('title')]));
    expect(hrefs).toEqual([
      ['https://en.wikipedia.org/wiki/Foo_(bar)', 'https://en.wikipedia.org/wiki/Foo_(bar)', 'https://en.wikipedia.org/wiki/Foo_(bar)'],
      ['http://example.com', 'example.com', 'http://example.com'],
      ['mailto:name@example.com', 'name@example.com', 'mailto:name@example.com'],
      ['https://example.com/docs', 'the docs', 'https://example.com/docs'],
    ]);
    expect(await row.locator('a').first().getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('quotes and lists; mentions keep working inside formatted text', async () => {
    const row = await fromAna('> the plan\n\n- one for @Bo Format\n- **two**\n\n3. third\n4. fourth\n\nthanks @Bo Format');
    expect(await row.locator('blockquote').textContent()).toBe('the plan');
    expect(await row.locator('ul > li').allTextContents()).toEqual(['one for @Bo Format', 'two']);
    expect(await row.locator('ol').getAttribute('start')).toBe('3');
    expect(await row.locator('ol > li').allTextContents()).toEqual(['third', 'fourth']);
    expect(await row.locator('.mention-me').allTextContents()).toEqual(['@Bo Format', '@Bo Format']);
  });

  it('editing shows the source text', async () => {
    const composer = bo.page.getByRole('textbox', { name: 'Message' });
    await composer.fill('try `this` **now**');
    await composer.press('Enter');
    const mine = bo.page.getByRole('log').locator('[data-message-id]').filter({ hasText: 'try this now' });
    await mine.locator('code').waitFor(LONG);
    await mine.hover();
    await mine.getByRole('button', { name: 'Edit message' }).click();
    expect(await bo.page.getByRole('textbox', { name: 'Edit message' }).inputValue()).toBe('try `this` **now**');
    await bo.page.getByRole('textbox', { name: 'Edit message' }).press('Escape');
  });

  it('looks right on a phone, light and dark', async () => {
    await fromAna(
      'Last one: `inline` and\n```\ngit log --oneline | head -20 && echo "a long line that scrolls sideways on a phone"\n```\n> quoted **bold**\n- item',
    );
    await bo.page.setViewportSize({ width: 375, height: 740 });
    await screenshot(bo.page, 'formatting-375-light');
    await bo.page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(bo.page, 'formatting-375-dark');
    await bo.page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(bo.page, 'formatting-desktop-dark');
    await bo.page.emulateMedia({ colorScheme: 'light' });
    await screenshot(bo.page, 'formatting-desktop-light');
  });
});
