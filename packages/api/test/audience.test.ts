import { describe, expect, it } from 'vitest';
import { audienceVerdict, type AudienceView } from '../src/events/audience.js';
import { personalStream, type ChatEvent, type StoredEvent } from '../src/events/types.js';

const ana = 'ana';
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
const left = (roomId: string, userId: string, streamKey?: string) => stored({ type: 'member.left', roomId, userId }, streamKey);
const read = (roomId: string, userId = 'ben') => stored({ type: 'read.updated', roomId, userId, lastReadMessageId: 1 });

function viewOf(rooms: string[], directRooms: string[] = []): AudienceView & { asked: string[] } {
  const asked: string[] = [];
  return {
    userId: ana,
    ownStream: personalStream(ana),
    rooms: new Set(rooms),
    isDirectWith: (roomId) => {
      asked.push(roomId);
      return directRooms.includes(roomId);
    },
    asked,
  };
}

describe('the audience verdict', () => {
  it('an event of a room I am in reaches me, without asking whether the room is direct', () => {
    const view = viewOf(['general']);
    expect(audienceVerdict(view, read('general'))).toBe('deliver');
    expect(view.asked).toEqual([]);
  });

  it('an event of a room I am not in does not reach me', () => {
    expect(audienceVerdict(viewOf(['general']), read('secret'))).toBe('skip');
  });

  it('my personal stream reaches me and someone else’s does not', () => {
    const view = viewOf([]);
    expect(audienceVerdict(view, left('general', ana, personalStream(ana)))).toBe('deliver');
    expect(audienceVerdict(view, left('general', 'ben', personalStream('ben')))).toBe('skip');
  });

  it('my own joining reaches me and makes me follow the room', () => {
    expect(audienceVerdict(viewOf([]), joined('general', ana))).toBe('join');
    // Already following (the replay saw it first): just delivered.
    expect(audienceVerdict(viewOf(['general']), joined('general', ana))).toBe('deliver');
  });

  it('someone else joining a room I am not in does not reach me', () => {
    expect(audienceVerdict(viewOf([]), joined('general', 'ben'))).toBe('skip');
  });

  it('the room’s copy of my leaving is skipped and I stop following it; someone else leaving reaches me', () => {
    expect(audienceVerdict(viewOf(['general']), left('general', ana))).toBe('leave');
    expect(audienceVerdict(viewOf(['general']), left('general', 'ben'))).toBe('deliver');
  });

  it('a direct conversation with me, opened silently, reaches me and is followed from then on', () => {
    const view = viewOf([], ['dm']);
    expect(audienceVerdict(view, read('dm'))).toBe('join');
    expect(view.asked).toEqual(['dm']);
    expect(audienceVerdict(view, read('other-dm'))).toBe('skip');
  });

  it('is pure: the same view and event always give the same verdict, and the view is left as it was', () => {
    const view = viewOf(['general']);
    const event = left('general', ana);
    expect(audienceVerdict(view, event)).toBe('leave');
    expect(audienceVerdict(view, event)).toBe('leave');
    expect([...view.rooms]).toEqual(['general']);
  });
});
