import { describe, expect, it } from 'vitest';
import { liveAudience, type LiveAudience } from '../src/events/audience.js';
import { createMemoryBus, type EventBus } from '../src/events/bus.js';
import type { EventLog } from '../src/events/log.js';
import { personalStream, type ChatEvent, type StoredEvent } from '../src/events/types.js';

let seq = 0;
const stored = (event: ChatEvent, streamKey: string = event.roomId): StoredEvent => ({
  seq: ++seq,
  streamKey,
  event,
  occurredAt: '2026-12-01T00:00:00.000Z',
});
const room = (id: string) => ({ id, kind: 'group' as const, name: id, topic: null, visibility: 'public' as const });
const member = (userId: string) => ({
  user: { id: userId, name: userId, avatarUrl: null },
  role: 'member' as const,
  joinedAt: '2026-12-01T00:00:00.000Z',
});
const joined = (roomId: string, userId: string) => stored({ type: 'member.joined', roomId, room: room(roomId), member: member(userId) });
const left = (roomId: string, userId: string) => stored({ type: 'member.left', roomId, userId });
const read = (roomId: string) => stored({ type: 'read.updated', roomId, userId: 'someone', lastReadMessageId: 1 });

/** a stream's audience (as the sync router makes it) that counts how often the bus asked it about an event */
function audienceOf(userId: string, rooms: string[], directRooms: string[] = []): LiveAudience & { asked: number } {
  const log = { roomsOf: () => rooms, isDirectWith: (roomId: string) => directRooms.includes(roomId) } as unknown as EventLog;
  const audience = liveAudience(log, userId);
  const counted = {
    ...audience,
    asked: 0,
    reaches(event: StoredEvent) {
      counted.asked++;
      return audience.reaches(event);
    },
  };
  return counted;
}

/** what the stream received, up to a last event in its personal stream (which every stream gets) */
async function receivedBefore(bus: EventBus, iterable: AsyncIterable<StoredEvent>, userId: string): Promise<number[]> {
  const last = stored({ type: 'member.left', roomId: 'gone', userId }, personalStream(userId));
  bus.publish(last);
  const seqs: number[] = [];
  for await (const event of iterable) {
    if (event.seq === last.seq) return seqs;
    seqs.push(event.seq);
  }
  return seqs;
}

describe('the memory bus', () => {
  it('an event touches only the streams of its room, not every stream on the server', () => {
    const bus = createMemoryBus();
    const abort = new AbortController();
    const inRoom = audienceOf('ana', ['a']);
    const elsewhere = Array.from({ length: 50 }, (_, i) => audienceOf(`u${i}`, [`r${i}`]));
    bus.subscribe(inRoom, abort.signal);
    for (const audience of elsewhere) bus.subscribe(audience, abort.signal);
    for (let i = 0; i < 10; i++) bus.publish(read('a'));
    expect(inRoom.asked).toBe(10);
    expect(elsewhere.reduce((sum, audience) => sum + audience.asked, 0)).toBe(0);
    abort.abort();
  });

  it('a join reaches the joining user and from then on the room does; after a leave it does not', async () => {
    const bus = createMemoryBus();
    const abort = new AbortController();
    const ana = audienceOf('ana', []);
    const live = bus.subscribe(ana, abort.signal);
    const before = read('a');
    const join = joined('a', 'ana');
    const during = read('a');
    const leave = left('a', 'ana');
    const after = read('a');
    for (const event of [before, join, during, leave, after]) bus.publish(event);
    expect(await receivedBefore(bus, live, 'ana')).toEqual([join.seq, during.seq]);
    // asked about the join, the room's events while in it (its leave too) and the last personal one; not before or after
    expect(ana.asked).toBe(4);
    abort.abort();
  });

  it('a direct room reaches its two people although no event added them', async () => {
    const bus = createMemoryBus((roomId) => (roomId === 'dm' ? ['ana', 'ben'] : []));
    const abort = new AbortController();
    const live = bus.subscribe(audienceOf('ana', [], ['dm']), abort.signal);
    const message = read('dm');
    bus.publish(message);
    expect(await receivedBefore(bus, live, 'ana')).toEqual([message.seq]);
    abort.abort();
  });

  it('a stream registers when subscribed and is forgotten when its signal aborts', () => {
    const bus = createMemoryBus();
    const abort = new AbortController();
    bus.subscribe(audienceOf('ana', ['a', 'b']), abort.signal);
    expect(bus.subscriberCount()).toBe(1);
    abort.abort();
    expect(bus.subscriberCount()).toBe(0);
  });

  it('handed over to a sink, a stream passes what was queued, then each event as it is published, in order; without a sink nothing changes', () => {
    const bus = createMemoryBus();
    const abort = new AbortController();
    const withoutSink = bus.subscribe(audienceOf('ben', ['a']), new AbortController().signal);
    expect(withoutSink.handOver(() => 'never')).toBe(false);
    const got: unknown[] = [];
    bus.offerSink(abort.signal, (value) => got.push(value));
    const live = bus.subscribe(audienceOf('ana', ['a']), abort.signal);
    const queued = [read('a'), read('a')];
    for (const event of queued) bus.publish(event);
    const skipped = queued[0]?.seq;
    expect(live.handOver((event) => (event.seq === skipped ? null : event.seq))).toBe(true);
    expect(got).toEqual([queued[1]?.seq]);
    const later = [read('a'), read('elsewhere'), read('a')];
    for (const event of later) bus.publish(event);
    // synchronously, inside publish, and only what reaches the stream
    expect(got).toEqual([queued[1]?.seq, later[0]?.seq, later[2]?.seq]);
    abort.abort();
    bus.publish(read('a'));
    expect(got).toHaveLength(3);
    expect(bus.subscriberCount()).toBe(1);
  });

  it('events another process wrote go out before a later local one, and on catchUp(), each once and in seq order', () => {
    // The log as another process left it: seqs 101 and 102 are someone else's, 100 was there at start.
    const log: StoredEvent[] = [100, 101, 102, 104].map((n) => ({ ...read('a'), seq: n }));
    const asked: Array<[number, number]> = [];
    const bus = createMemoryBus(() => [], {
      lastSeq: 100,
      between(afterSeq, beforeSeq, limit) {
        asked.push([afterSeq, beforeSeq]);
        return log.filter((event) => event.seq > afterSeq && event.seq < beforeSeq).slice(0, limit);
      },
    });
    const got: number[] = [];
    const abort = new AbortController();
    bus.offerSink(abort.signal, (value) => got.push(Number(value)));
    bus.subscribe(audienceOf('ana', ['a']), abort.signal).handOver((event) => event.seq);
    bus.publish({ ...read('a'), seq: 103 }); // this process's own write, after the other's two
    expect(got).toEqual([101, 102, 103]);
    bus.publish({ ...read('a'), seq: 105 }); // 104 came from elsewhere too
    bus.publish({ ...read('a'), seq: 106 }); // the next in line: no look at the log
    expect(got).toEqual([101, 102, 103, 104, 105, 106]);
    expect(asked).toEqual([
      [100, 103],
      [103, 105],
    ]);
    log.push({ ...read('a'), seq: 107 });
    bus.catchUp();
    bus.catchUp();
    expect(got).toEqual([101, 102, 103, 104, 105, 106, 107]);
    abort.abort();
  });
});
