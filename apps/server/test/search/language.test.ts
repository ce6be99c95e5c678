import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../harness.js';
import { pngImage } from '../fixtures/images.js';
import { uploadOk } from '../uploads/helpers.js';
import { send, startChatServer } from '../chat/helpers.js';
import { backdate, found, uniqueWord } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startChatServer();
});
afterAll(() => server.close());

describe('words, stems, prefixes and phrases', () => {
  it('stems ("deploying" finds "deploy"), matches the last word as a prefix, and keeps phrases in order', async () => {
    const ana = await server.signUp();
    const tag = uniqueWord();
    const room = await ana.client.room.create.mutate({ name: 'Words', visibility: 'private' });
    await send(ana.client, room.id, `${tag} we deploy on friday`);
    await send(ana.client, room.id, `${tag} deploying the release now`);
    await send(ana.client, room.id, `${tag} the release notes are late`);
    await send(ana.client, room.id, `${tag} notes about the release`);
    await send(ana.client, room.id, `${tag} Café crème for everyone`);

    expect(await found(ana.client, `${tag} deploying`)).toEqual([`${tag} deploying the release now`, `${tag} we deploy on friday`]);
    expect(await found(ana.client, `deploy ${tag}`)).toHaveLength(2);
    expect(await found(ana.client, `${tag} depl`)).toHaveLength(2);
    expect(await found(ana.client, `${tag} "release notes"`)).toEqual([`${tag} the release notes are late`]);
    expect(await found(ana.client, `${tag} release notes`)).toHaveLength(2);
    expect(await found(ana.client, `${tag} release -notes`)).toEqual([`${tag} deploying the release now`]);
    // case and accents fold
    expect(await found(ana.client, `${tag} CAFE creme`)).toEqual([`${tag} Café crème for everyone`]);
  });
});

describe('filters', () => {
  it('in:#room and in:@person narrow to one conversation; from:@person and from:me to an author', async () => {
    const ana = await server.signUp('Ana Filters');
    const ben = await server.signUp('Ben Filters');
    const tag = uniqueWord();
    const general = await ana.client.room.create.mutate({ name: `General ${tag}`, visibility: 'private', memberIds: [ben.user.id] });
    const random = await ana.client.room.create.mutate({ name: 'Random', visibility: 'private', memberIds: [ben.user.id] });
    const dm = await ana.client.room.openDirect.mutate({ userId: ben.user.id });
    await send(ana.client, general.id, `${tag} ana in general`);
    await send(ben.client, general.id, `${tag} ben in general`);
    await send(ana.client, random.id, `${tag} ana in random`);
    await send(ben.client, dm.id, `${tag} ben in the dm`);

    expect(await found(ana.client, `in:"#General ${tag}" ${tag}`)).toEqual([`${tag} ben in general`, `${tag} ana in general`]);
    expect(await found(ana.client, `${tag} in:#random`)).toEqual([`${tag} ana in random`]);
    expect(await found(ana.client, `${tag} in:@ben`)).toEqual([`${tag} ben in the dm`]);
    expect(await found(ana.client, `${tag} from:@ben`)).toEqual([`${tag} ben in the dm`, `${tag} ben in general`]);
    expect(await found(ana.client, `${tag} from:"@Ben Filters"`)).toHaveLength(2);
    expect(await found(ana.client, `${tag} from:@benfilters in:#random`)).toEqual([]);
    expect(await found(ben.client, `${tag} from:me`)).toEqual([`${tag} ben in the dm`, `${tag} ben in general`]);
    // a room of that name that is not mine finds nothing
    expect(await found(ana.client, `${tag} in:#nowhere`)).toEqual([]);
    // filters alone search everything the filter allows
    expect(await found(ana.client, `in:#random from:me`)).toEqual([`${tag} ana in random`]);
  });

  it('has:file, has:image and has:link', async () => {
    const ana = await server.signUp();
    const tag = uniqueWord();
    const room = await ana.client.room.create.mutate({ name: 'Files', visibility: 'private' });
    const png = await uploadOk(server, ana.token, await pngImage(), 'chart.png', 'image/png');
    const pdf = await uploadOk(server, ana.token, new TextEncoder().encode(`%PDF-1.4\n% ${randomUUID()}\n%%EOF\n`), 'plan.pdf', 'application/pdf');
    await ana.client.message.send.mutate({ roomId: room.id, body: `${tag} the chart`, clientId: randomUUID(), attachmentIds: [png.id] });
    await ana.client.message.send.mutate({ roomId: room.id, body: `${tag} the plan`, clientId: randomUUID(), attachmentIds: [pdf.id] });
    await send(ana.client, room.id, `${tag} see https://example.com/plan`);
    await send(ana.client, room.id, `${tag} just words`);

    expect(await found(ana.client, `${tag} has:file`)).toEqual([`${tag} the plan`, `${tag} the chart`]);
    expect(await found(ana.client, `${tag} has:image`)).toEqual([`${tag} the chart`]);
    expect(await found(ana.client, `${tag} has:link`)).toEqual([`${tag} see https://example.com/plan`]);
  });

  it('before:, after: and on: take days in UTC', async () => {
    const ana = await server.signUp();
    const tag = uniqueWord();
    const room = await ana.client.room.create.mutate({ name: 'Dates', visibility: 'private' });
    const days = ['2026-11-20T10:00:00Z', '2026-11-24T23:59:00Z', '2026-11-25T00:00:00Z', '2026-11-30T08:00:00Z'];
    for (const iso of days) backdate(server, (await send(ana.client, room.id, `${tag} ${iso.slice(0, 10)}`)).id, iso);

    expect(await found(ana.client, `${tag} before:2026-11-25`)).toEqual([`${tag} 2026-11-24`, `${tag} 2026-11-20`]);
    expect(await found(ana.client, `${tag} after:2026-11-24`)).toEqual([`${tag} 2026-11-30`, `${tag} 2026-11-25`]);
    expect(await found(ana.client, `${tag} on:2026-11-24`)).toEqual([`${tag} 2026-11-24`]);
    expect(await found(ana.client, `${tag} after:2026-11-20 before:2026-11-30`)).toEqual([`${tag} 2026-11-25`, `${tag} 2026-11-24`]);
  });
});
