import { statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfabClient } from '@confab/sdk';
import { startServer, waitFor, type TestServer } from '../harness.js';
import { expectCode, send } from '../chat/helpers.js';
import { BrowserSubscriber, startPushService } from './push-service.js';

// Web Push end to end (issue 15): a real server, a local HTTP endpoint in place of the push
// service, and a subscriber that decrypts what arrives as a browser would.

let server: TestServer;
let pushService: Awaited<ReturnType<typeof startPushService>>;
beforeAll(async () => {
  pushService = await startPushService();
  server = await startServer({
    env: { PUSH_ALLOW_HTTP_ENDPOINTS: 'true' },
    build: {
      limits: { sendsPerUser: { max: 100_000, windowMs: 1_000 }, registerPerIp: { max: 10_000, windowMs: 60_000 } },
      pushQueue: { retryDelaysMs: [50, 100] },
    },
  });
});
afterAll(async () => {
  await server.close();
  await pushService.close();
});

interface Payload {
  title: string;
  body: string;
  url: string;
  roomId: string;
  messageId: number;
  sender: { id: string; name: string };
  room: { id: string; name: string; kind: string };
}

async function subscribe(client: ConfabClient, name: string): Promise<BrowserSubscriber> {
  const browser = new BrowserSubscriber(pushService.endpoint(name));
  await client.push.subscribe.mutate(browser.subscription);
  return browser;
}

/** holds `push.whileVisible` open, as a tab in view does; resolves once the server counts it */
async function visibleTab(client: ConfabClient): Promise<() => void> {
  let shown: () => void = () => {};
  const started = new Promise<void>((resolve) => (shown = resolve));
  const subscription = client.push.whileVisible.subscribe(undefined, { onData: () => shown() });
  await started;
  return () => subscription.unsubscribe();
}

const subscriptionRows = (endpoint: string) =>
  server.app.confab.db.$client.prepare('SELECT count(*) AS n FROM push_subscription WHERE endpoint = ?').get(endpoint) as { n: number };

describe('Web Push', () => {
  it('generates VAPID keys into DATA_DIR (mode 0600) and hands out the public key', async () => {
    const { publicKey } = await server.client().push.vapidPublicKey.query();
    expect(publicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
    expect(statSync(path.join(server.dataDir, 'vapid.json')).mode & 0o777).toBe(0o600);
  });

  it('a DM to someone with no socket open is pushed, encrypted so that only their browser can read who, where and what', async () => {
    const ana = await server.signUp('Ana Push');
    const bo = await server.signUp('Bo Push');
    const browser = await subscribe(bo.client, 'dm');
    const dm = await ana.client.room.openDirect.mutate({ userId: bo.user.id });
    const message = await send(ana.client, dm.id, 'Lunch at noon?\nThe usual place.');

    const [push] = await pushService.pushesTo('dm');
    if (!push) throw new Error('no push');
    expect(push.headers['content-encoding']).toBe('aes128gcm');
    expect(Number(push.headers.ttl)).toBeGreaterThan(0);
    expect(push.headers.urgency).toBe('high');
    const { publicKey } = await server.client().push.vapidPublicKey.query();
    expect(push.headers.authorization).toMatch(new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${publicKey}$`));

    const payload = JSON.parse(browser.decrypt(push.body)) as Payload;
    expect(payload).toMatchObject({
      title: 'Ana Push',
      body: 'Lunch at noon? The usual place.',
      url: `/#/r/${dm.id}/m/${message.id}`,
      roomId: dm.id,
      messageId: message.id,
      sender: { id: ana.user.id, name: 'Ana Push' },
      room: { id: dm.id, kind: 'direct', name: 'Ana Push' },
    });
  });

  it('someone with a tab in view is not pushed; once it is hidden they are', async () => {
    const ana = await server.signUp('Ana Tab');
    const bo = await server.signUp('Bo Tab');
    const browser = await subscribe(bo.client, 'visible');
    const dm = await ana.client.room.openDirect.mutate({ userId: bo.user.id });
    const hide = await visibleTab(bo.client);
    const seen = await send(ana.client, dm.id, 'you are looking at this');
    hide();
    // Pushes are decided in send order, so the next one arriving first proves the first was never sent.
    await waitFor(async () => {
      const next = await send(ana.client, dm.id, 'and now you are not');
      const pushes = pushService.received.filter((push) => push.path === '/push/visible');
      return pushes.length > 0 ? { next, pushes } : null;
    });
    const bodies = pushService.received
      .filter((push) => push.path === '/push/visible')
      .map((push) => JSON.parse(browser.decrypt(push.body)) as Payload);
    expect(bodies.map((p) => p.messageId)).not.toContain(seen.id);
    expect(bodies[0]?.body).toBe('and now you are not');
  });

  it('in a group, only @mentions push at the default level; "all" pushes everything and a muted room nothing', async () => {
    const ana = await server.signUp('Ana Group');
    const bo = await server.signUp('Bo Group');
    const browser = await subscribe(bo.client, 'group');
    const room = await ana.client.room.create.mutate({ name: 'push-levels', visibility: 'private', memberIds: [bo.user.id] });
    const bodiesSoFar = () =>
      pushService.received.filter((push) => push.path === '/push/group').map((push) => (JSON.parse(browser.decrypt(push.body)) as Payload).body);

    await send(ana.client, room.id, 'no mention');
    await send(ana.client, room.id, 'hey @Bo Group');
    await pushService.pushesTo('group', 1);
    await bo.client.room.setNotificationLevel.mutate({ roomId: room.id, level: 'all' });
    await send(ana.client, room.id, 'everything now');
    await pushService.pushesTo('group', 2);
    await bo.client.room.setNotificationLevel.mutate({ roomId: room.id, level: 'nothing' });
    await send(ana.client, room.id, 'muted @Bo Group');
    await bo.client.room.setNotificationLevel.mutate({ roomId: room.id, level: 'all' });
    await send(ana.client, room.id, 'loud again');
    await pushService.pushesTo('group', 3);
    expect(bodiesSoFar()).toEqual(['hey @Bo Group', 'everything now', 'loud again']);
    const [mention] = await pushService.pushesTo('group', 1);
    expect(mention?.headers.urgency).toBe('high');
  });

  it('a subscription the push service answers 410 is deleted; a 503 is retried', async () => {
    const ana = await server.signUp('Ana Gone');
    const bo = await server.signUp('Bo Gone');
    const cy = await server.signUp('Cy Flaky');
    pushService.answer('gone', (_push, response) => response.writeHead(410).end());
    let flaky = 0;
    pushService.answer('flaky', (_push, response) => response.writeHead(flaky++ === 0 ? 503 : 201).end());
    const gone = await subscribe(bo.client, 'gone');
    await subscribe(cy.client, 'flaky');
    expect(subscriptionRows(gone.endpoint).n).toBe(1);

    await send(ana.client, (await ana.client.room.openDirect.mutate({ userId: bo.user.id })).id, 'are you there?');
    await send(ana.client, (await ana.client.room.openDirect.mutate({ userId: cy.user.id })).id, 'try again');
    await pushService.pushesTo('gone');
    await waitFor(() => subscriptionRows(gone.endpoint).n === 0 || null, 10_000, 'the gone subscription deleted');
    await pushService.pushesTo('flaky', 2);
  });

  it('a push service that never answers does not slow message.send', async () => {
    const ana = await server.signUp('Ana Slow');
    const bo = await server.signUp('Bo Slow');
    const held: ServerResponse[] = [];
    pushService.answer('slow', (_push, response) => held.push(response));
    await subscribe(bo.client, 'slow');
    const dm = await ana.client.room.openDirect.mutate({ userId: bo.user.id });
    await send(ana.client, dm.id, 'first');
    await pushService.pushesTo('slow', 1);
    const started = performance.now();
    for (let i = 0; i < 10; i++) await send(ana.client, dm.id, `while it hangs ${i}`);
    const perSend = (performance.now() - started) / 10;
    // The push service is still holding the requests: nothing waited for it.
    expect(held.length).toBeGreaterThan(0);
    expect(perSend, 'ms per send while the push service hangs').toBeLessThan(500);
    pushService.answer('slow', (_push, response) => response.writeHead(201).end());
    for (const response of held) response.writeHead(201).end();
    await pushService.pushesTo('slow', 11);
  });

  it('bad subscriptions get a typed error that says what to fix; unsubscribe removes only my own', async () => {
    const ana = await server.signUp('Ana Bad');
    const bo = await server.signUp('Bo Bad');
    const browser = new BrowserSubscriber(pushService.endpoint('bad'));
    const error = await expectCode(
      ana.client.push.subscribe.mutate({ ...browser.subscription, keys: { p256dh: 'short', auth: browser.subscription.keys.auth } }),
      'BAD_REQUEST',
    );
    expect(error.message).toContain('keys.p256dh must be 65 bytes');
    await expectCode(ana.client.push.subscribe.mutate({ ...browser.subscription, endpoint: 'not a url' }), 'BAD_REQUEST');
    await expectCode(server.client().push.subscribe.mutate(browser.subscription), 'UNAUTHORIZED');

    await ana.client.push.subscribe.mutate(browser.subscription);
    expect(await bo.client.push.unsubscribe.mutate({ endpoint: browser.endpoint })).toEqual({ removed: false });
    expect(subscriptionRows(browser.endpoint).n).toBe(1);
    expect(await ana.client.push.unsubscribe.mutate({ endpoint: browser.endpoint })).toEqual({ removed: true });
    expect(subscriptionRows(browser.endpoint).n).toBe(0);
    await expectCode(ana.client.push.test.mutate({ endpoint: browser.endpoint }), 'BAD_REQUEST');
  });

  it('"send a test notification" reaches this device', async () => {
    const ana = await server.signUp('Ana Test');
    const browser = await subscribe(ana.client, 'test');
    expect(await ana.client.push.test.mutate({ endpoint: browser.endpoint })).toEqual({ queued: 1 });
    const [push] = await pushService.pushesTo('test');
    if (!push) throw new Error('no push');
    expect(JSON.parse(browser.decrypt(push.body))).toMatchObject({ title: 'Confab', body: 'Notifications work on this device, Ana Test.' });
  });

  it('a bot never gets a push', async () => {
    const ana = await server.signUp('Ana Bot');
    const bot = await server.signUp('Bot Bot');
    const bo = await server.signUp('Bo Bot');
    await subscribe(bot.client, 'bot');
    await subscribe(bo.client, 'human');
    server.app.confab.db.$client.prepare("UPDATE user SET kind = 'bot' WHERE id = ?").run(bot.user.id);
    const room = await ana.client.room.create.mutate({ name: 'push-bots', visibility: 'private', memberIds: [bot.user.id, bo.user.id] });
    await ana.client.room.setNotificationLevel.mutate({ roomId: room.id, level: 'all' });
    await send(ana.client, room.id, '@Bot Bot and @Bo Bot');
    await pushService.pushesTo('human');
    expect(pushService.received.some((push) => push.path === '/push/bot')).toBe(false);
  });
});
