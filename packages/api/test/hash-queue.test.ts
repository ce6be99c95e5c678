import { describe, expect, it } from 'vitest';
import { FairHashQueue, HashQueueFullError, type HashRank, type HashRequester } from '../src/auth/hash-queue.js';

/** A task that finishes when told to, recording the order tasks started in. */
function harness(options = { concurrency: 1, maxWaiting: 3, maxWaitingPerAddress: 2, maxWaitingPerAccount: 3 }) {
  const queue = new FairHashQueue(options);
  const started: string[] = [];
  const finishers: Array<() => void> = [];
  const submit = (label: string, address: string, rank: HashRank = 1, account = 'ana@example.com') => {
    const who: HashRequester = { address, account, rank };
    return queue.run(who, () => {
      started.push(label);
      return new Promise<string>((resolve) => finishers.push(() => resolve(label)));
    });
  };
  const finishOne = async () => {
    finishers.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { queue, started, submit, finishOne };
}

describe('the password-check queue', () => {
  it('runs at most `concurrency` at once and serves addresses in turn, not first come first served', async () => {
    const { started, submit, finishOne } = harness({ concurrency: 1, maxWaiting: 10, maxWaitingPerAddress: 10, maxWaitingPerAccount: 10 });
    const all = [submit('a1', 'A'), submit('a2', 'A'), submit('a3', 'A'), submit('b1', 'B'), submit('c1', 'C')];
    expect(started).toEqual(['a1']);
    for (let i = 0; i < 4; i++) await finishOne();
    await finishOne();
    await Promise.all(all);
    // A has been served (a1), so B and C go before A's second and third.
    expect(started).toEqual(['a1', 'b1', 'c1', 'a2', 'a3']);
  });

  it('a lower rank goes first: a known address before newcomers before those that failed', async () => {
    const { started, submit, finishOne } = harness({ concurrency: 1, maxWaiting: 10, maxWaitingPerAddress: 10, maxWaitingPerAccount: 10 });
    const all = [submit('first', 'X'), submit('failed', 'F', 2), submit('new', 'N', 1), submit('owner', 'O', 0)];
    for (let i = 0; i < 4; i++) await finishOne();
    await Promise.all(all);
    expect(started).toEqual(['first', 'owner', 'new', 'failed']);
  });

  it('when the line is full a newcomer of a worse or equal rank is refused at once, with a Retry-After', async () => {
    const { submit, finishOne } = harness();
    const running = submit('running', 'R');
    const queued = [submit('q1', 'A'), submit('q2', 'B'), submit('q3', 'C')];
    await expect(submit('late', 'D')).rejects.toBeInstanceOf(HashQueueFullError);
    const refused = await submit('late2', 'E', 2).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HashQueueFullError);
    expect((refused as HashQueueFullError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 4; i++) await finishOne();
    await Promise.all([running, ...queued]);
  });

  it('a better-ranked newcomer takes the place of the last queued check of a worse rank', async () => {
    const { started, submit, finishOne } = harness();
    const running = submit('running', 'R');
    const keep = submit('clean', 'A', 1);
    const evicted1 = submit('guess1', 'B', 2);
    const evicted2 = submit('guess2', 'C', 2);
    const owner = submit('owner', 'O', 0);
    await expect(evicted2).rejects.toBeInstanceOf(HashQueueFullError);
    for (let i = 0; i < 4; i++) await finishOne();
    await Promise.all([running, keep, evicted1, owner]);
    expect(started).toEqual(['running', 'owner', 'clean', 'guess1']);
  });

  it('one address may hold only its share of the line', async () => {
    const { submit, finishOne } = harness({ concurrency: 1, maxWaiting: 10, maxWaitingPerAddress: 2, maxWaitingPerAccount: 10 });
    const running = submit('running', 'R');
    const mine = [submit('a1', 'A'), submit('a2', 'A')];
    await expect(submit('a3', 'A')).rejects.toBeInstanceOf(HashQueueFullError);
    const other = submit('b1', 'B');
    for (let i = 0; i < 4; i++) await finishOne();
    await Promise.all([running, ...mine, other]);
  });
});
