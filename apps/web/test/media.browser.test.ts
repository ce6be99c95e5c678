import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page, Response } from 'playwright-core';
import { mediaFixture, type MediaFixture } from '../../server/test/fixtures/media.js';
import type { TestServer } from '../../server/test/harness.js';
import { uploadOk } from '../../server/test/uploads/helpers.js';
import { screenshot, withChatServer, type UserPage } from './browser.js';
import { padMp4 } from './mp4-padding.js';

const LONG = { timeout: 15_000 };

const messageLog = (page: Page) => page.getByRole('log');
const composer = (page: Page) => page.getByRole('textbox', { name: 'Message' });
const video = (page: Page, name: string) => messageLog(page).getByLabel(`Video ${name}`);
const audio = (page: Page, name: string) => messageLog(page).getByLabel(`Audio ${name}`);

type Account = Awaited<ReturnType<TestServer['signUp']>>;
type ChatServer = ReturnType<typeof withChatServer>;

async function signIn(chat: ChatServer, account: Account, options: Parameters<ChatServer['open']>[0] = {}): Promise<UserPage> {
  const user = await chat.open(options);
  await user.page.getByLabel('Email').fill(account.user.email);
  await user.page.getByLabel('Password').fill('correct horse battery');
  await user.page.getByRole('button', { name: 'Sign in' }).click();
  await user.page
    .getByRole('navigation', { name: 'Rooms' })
    .getByRole('button', { name: /Screen recordings/ })
    .click();
  await composer(user.page).waitFor(LONG);
  return user;
}

/** What the element knows once its metadata has loaded (readyState 1 = HAVE_METADATA). */
async function loadedMedia(element: Locator) {
  await element.waitFor(LONG);
  await expect.poll(() => element.evaluate((media: HTMLMediaElement) => media.readyState), LONG).toBeGreaterThanOrEqual(1);
  return element.evaluate((media: HTMLMediaElement) => ({ duration: media.duration, error: media.error?.code ?? null }));
}

describe('video and audio in the browser', () => {
  const chat = withChatServer();
  let ana: Account;
  let bo: Account;
  let roomId: string;
  let anaPage: UserPage;
  let boPage: UserPage;
  let clientIds = 0;

  /** Ana shares files through the API (the composer path is covered by the first test). */
  async function share(body: string, ...names: MediaFixture[]) {
    const uploaded = [];
    for (const name of names) uploaded.push(await uploadOk(chat.server, ana.token, mediaFixture(name), name));
    await ana.client.message.send.mutate({ roomId, body, clientId: `media-${++clientIds}`, attachmentIds: uploaded.map((u) => u.id) });
    return uploaded;
  }

  beforeAll(async () => {
    ana = await chat.server.signUp('Ana Media');
    bo = await chat.server.signUp('Bo Media');
    ({ id: roomId } = await ana.client.room.create.mutate({ name: 'Screen recordings', visibility: 'private', memberIds: [bo.user.id] }));
    anaPage = await signIn(chat, ana);
    boPage = await signIn(chat, bo);
  }, 120_000);

  it('a video and a voice memo sent from the composer play in place for the other member, live', async () => {
    await anaPage.page.getByLabel('Choose files to attach').setInputFiles([
      { name: 'clip.webm', mimeType: 'video/webm', buffer: mediaFixture('clip.webm') },
      { name: 'voice.ogg', mimeType: 'audio/ogg', buffer: mediaFixture('voice.ogg') },
    ]);
    await anaPage.page.getByRole('button', { name: 'Send message' }).and(anaPage.page.locator(':enabled')).waitFor(LONG);
    await composer(anaPage.page).fill('the bug, and what I said about it');
    await composer(anaPage.page).press('Enter');

    const clip = await loadedMedia(video(boPage.page, 'clip.webm'));
    expect(clip).toMatchObject({ error: null });
    expect(clip.duration).toBeCloseTo(2.008, 1);
    const memo = await loadedMedia(audio(boPage.page, 'voice.ogg'));
    expect(memo.duration).toBeCloseTo(1.5, 1);
    const message = messageLog(boPage.page).locator('article', { hasText: 'the bug, and what I said about it' });
    await expect.poll(() => message.locator('.media-meta').allTextContents(), LONG).toEqual(['0:02 · 15 KB', '0:01 · 3.3 KB']);
    // the player keeps the video's 16:9 and stays inside the image preview box
    const box = await video(boPage.page, 'clip.webm').boundingBox();
    expect(box?.width).toBeLessThanOrEqual(360);
    expect((box?.width ?? 0) / (box?.height ?? 1)).toBeCloseTo(160 / 90, 1);
    await screenshot(boPage.page, 'media-desktop-light');
  });

  it('seeking asks the server for a later range and gets 206', async () => {
    // 6 MB of padding in the middle of the file, so its second half lies far past what preload fetched
    const upload = await uploadOk(chat.server, ana.token, padMp4(mediaFixture('clip.mp4'), 6 * 1024 * 1024), 'long-clip.mp4');
    const ranges: { range: string; status: number; contentRange: string }[] = [];
    boPage.page.on('response', (response: Response) => {
      if (!response.url().endsWith(upload.url)) return;
      ranges.push({
        range: response.request().headers().range ?? '',
        status: response.status(),
        contentRange: response.headers()['content-range'] ?? '',
      });
    });
    await ana.client.message.send.mutate({ roomId, body: 'a longer one', clientId: `media-${++clientIds}`, attachmentIds: [upload.id] });

    const player = video(boPage.page, 'long-clip.mp4');
    expect((await loadedMedia(player)).duration).toBeCloseTo(1.5, 1);
    await player.evaluate(async (media: HTMLVideoElement) => {
      const seeked = new Promise((resolve) => media.addEventListener('seeked', resolve, { once: true }));
      media.currentTime = 1.35;
      await seeked;
    });
    expect(await player.evaluate((media: HTMLVideoElement) => media.currentTime)).toBeCloseTo(1.35, 1);
    const startOf = (range: string) => Number(/^bytes=(\d+)-/.exec(range)?.[1] ?? 0);
    await expect.poll(() => ranges.some((r) => startOf(r.range) > 1024 * 1024), LONG).toBe(true);
    for (const { range, status, contentRange } of ranges.filter((r) => startOf(r.range) > 0)) {
      expect(status).toBe(206);
      expect(contentRange).toBe(`bytes ${startOf(range)}-${upload.size - 1}/${upload.size}`);
    }
  });

  it('a video can go full screen, and a click on its name downloads it', async () => {
    const player = video(boPage.page, 'clip.webm');
    // Chromium's own controls: a double-click on the picture (off the central play button) toggles full screen.
    await player.dblclick({ position: { x: 12, y: 12 } });
    await expect.poll(() => boPage.page.evaluate(() => document.fullscreenElement?.getAttribute('aria-label') ?? null), LONG).toBe('Video clip.webm');
    await boPage.page.evaluate(() => document.exitFullscreen());
    await expect.poll(() => boPage.page.evaluate(() => document.fullscreenElement === null), LONG).toBe(true);

    const download = boPage.page.waitForEvent('download');
    await messageLog(boPage.page).getByRole('link', { name: 'clip.webm' }).click();
    expect((await download).suggestedFilename()).toBe('clip.webm');
  });

  it('a type the browser cannot play is a download card, never a broken player', async () => {
    expect(await boPage.page.evaluate(() => document.createElement('video').canPlayType('video/quicktime'))).toBe('');
    await share('the QuickTime original', 'clip.mov');
    const message = messageLog(boPage.page).locator('article', { hasText: 'the QuickTime original' });
    await message.locator('a.file-card', { hasText: 'clip.mov' }).waitFor(LONG);
    expect(await message.locator('video').count()).toBe(0);
  });

  it('a recording with no duration in its header plays and shows the length the server read', async () => {
    await share('straight from the recorder', 'recorded.webm');
    const message = messageLog(boPage.page).locator('article', { hasText: 'straight from the recorder' });
    const player = video(boPage.page, 'recorded.webm');
    const loaded = await loadedMedia(player);
    expect(loaded.error).toBeNull();
    await expect.poll(() => message.locator('.media-meta').textContent(), LONG).toBe('0:01 · 5.9 KB');
  });

  it('several media in one message wrap like images and fit a 375 px screen, in light and dark', async () => {
    await share('all of it', 'clip.mp4', 'clip.webm', 'voice.mp3', 'voice.m4a', 'voice.webm');
    const message = (page: Page) => messageLog(page).locator('article', { hasText: 'all of it' });
    await loadedMedia(video(boPage.page, 'clip.mp4'));
    await message(boPage.page).scrollIntoViewIfNeeded();
    await screenshot(boPage.page, 'media-several-desktop-light');

    for (const colorScheme of ['light', 'dark'] as const) {
      const phone = await signIn(chat, bo, { viewport: { width: 375, height: 740 }, colorScheme });
      try {
        await loadedMedia(video(phone.page, 'clip.mp4'));
        for (const name of ['voice.mp3', 'voice.m4a', 'voice.webm']) await loadedMedia(audio(phone.page, name));
        await message(phone.page).scrollIntoViewIfNeeded();
        const players = message(phone.page).locator('.media-attachment');
        expect(await players.count()).toBe(5);
        for (const box of await Promise.all((await players.all()).map((player) => player.boundingBox()))) {
          expect(box?.x).toBeGreaterThanOrEqual(0);
          expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(375);
        }
        expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
        await screenshot(phone.page, `media-mobile-${colorScheme}`);
      } finally {
        await phone.context.close();
      }
    }
    const dark = await signIn(chat, bo, { colorScheme: 'dark' });
    await loadedMedia(video(dark.page, 'clip.mp4'));
    await message(dark.page).scrollIntoViewIfNeeded();
    await screenshot(dark.page, 'media-several-desktop-dark');
    await dark.context.close();
  });
});
