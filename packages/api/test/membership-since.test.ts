import { describe, expect, it } from 'vitest';
import { followAudience, membershipSince, type MembershipChange } from '../src/events/audience.js';
import { personalStream, type ChatEvent, type StoredEvent } from '../src/events/types.js';

const joined = (seq: number, roomId: string): MembershipChange => ({ seq, roomId, joined: true });
const left = (seq: number, roomId: string): MembershipChange => ({ seq, roomId, joined: false });

describe('where a user’s audience stood after a seq', () => {
  it('with no joins or leaves since, the rooms then are the rooms now, each followed to the end', () => {
    const { roomsThen, spans, leaves } = membershipSince(['a', 'b'], [], 10, 50);
    expect([...roomsThen]).toEqual(['a', 'b']);
    expect(spans).toEqual([
      { streamKey: 'a', afterSeq: 10, toSeq: 50 },
      { streamKey: 'b', afterSeq: 10, toSeq: 50 },
    ]);
    expect(leaves).toBe(0);
  });

  it('a room joined since was not theirs then: its span starts at the join', () => {
    const { roomsThen, spans } = membershipSince(['a', 'new'], [joined(20, 'new')], 10, 50);
    expect([...roomsThen]).toEqual(['a']);
    expect(spans).toContainEqual({ streamKey: 'new', afterSeq: 19, toSeq: 50 });
  });

  it('a room left since was theirs then: its span ends with the room’s copy of the leave', () => {
    const { roomsThen, spans, leaves } = membershipSince(['a'], [left(30, 'gone')], 10, 50);
    expect([...roomsThen].sort()).toEqual(['a', 'gone']);
    expect(spans).toContainEqual({ streamKey: 'gone', afterSeq: 10, toSeq: 30 });
    expect(leaves).toBe(1);
  });

  it('left and re-joined: two spans, and the gap between them is not followed', () => {
    const { roomsThen, spans } = membershipSince(['a'], [left(20, 'a'), joined(40, 'a')], 10, 50);
    expect([...roomsThen]).toEqual(['a']);
    expect(spans).toEqual([
      { streamKey: 'a', afterSeq: 10, toSeq: 20 },
      { streamKey: 'a', afterSeq: 39, toSeq: 50 },
    ]);
  });

  it('joined and left again while away: only the span in between, and it was not theirs then', () => {
    const { roomsThen, spans } = membershipSince([], [joined(20, 'brief'), left(30, 'brief')], 10, 50);
    expect([...roomsThen]).toEqual([]);
    expect(spans).toEqual([{ streamKey: 'brief', afterSeq: 19, toSeq: 30 }]);
  });
});

describe('following an audience in seq order', () => {
  let seq = 0;
  const at = (event: ChatEvent, streamKey: string = event.roomId): StoredEvent => ({
    seq: ++seq,
    streamKey,
    event,
    occurredAt: '2026-12-01T00:00:00.000Z',
  });
  const message = (roomId: string) => at({ type: 'read.updated', roomId, userId: 'ben', lastReadMessageId: 1 });
  const member = { user: { id: 'ana', name: 'Ana', avatarUrl: null }, role: 'member' as const, joinedAt: '2026-12-01T00:00:00.000Z' };

  it('joins, leaves and re-joins change what reaches the stream from the next event on', () => {
    const reaches = followAudience('ana', ['a'], () => false);
    const info = { id: 'b', kind: 'group' as const, name: 'b', topic: null, visibility: 'public' as const };
    const steps: [StoredEvent, boolean][] = [
      [message('b'), false],
      [at({ type: 'member.joined', roomId: 'b', room: info, member }), true],
      [message('b'), true],
      [at({ type: 'member.left', roomId: 'a', userId: 'ana' }), false],
      [at({ type: 'member.left', roomId: 'a', userId: 'ana' }, personalStream('ana')), true],
      [message('a'), false],
      [message('b'), true],
    ];
    expect(steps.map(([event]) => reaches(event))).toEqual(steps.map(([, expected]) => expected));
  });
});
