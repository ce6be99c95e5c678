import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { tooManyRequests } from '../src/errors.js';
import { RateLimiter } from '../src/rate-limit.js';

describe('the rate limiter', () => {
  it('allows max hits per key in a window, then refuses until the window turns over', () => {
    const limiter = new RateLimiter(2, 10_000);
    expect(limiter.hit('ana', 0)).toBe(true);
    expect(limiter.hit('ana', 1)).toBe(true);
    expect(limiter.hit('ana', 2)).toBe(false);
    expect(limiter.hit('ana', 9_999)).toBe(false);
    expect(limiter.hit('ana', 10_000)).toBe(true);
  });

  it('counts each key on its own', () => {
    const limiter = new RateLimiter(1, 10_000);
    expect(limiter.hit('ana', 0)).toBe(true);
    expect(limiter.hit('ana', 1)).toBe(false);
    expect(limiter.hit('ben', 1)).toBe(true);
  });

  it('says how many whole seconds are left, at least one', () => {
    const limiter = new RateLimiter(1, 10_000);
    expect(limiter.retryAfter('ana', 0)).toBe(0);
    limiter.hit('ana', 0);
    expect(limiter.retryAfter('ana', 0)).toBe(10);
    expect(limiter.retryAfter('ana', 8_500)).toBe(2);
    expect(limiter.retryAfter('ana', 9_999)).toBe(1);
  });

  it('forgets a key on reset', () => {
    const limiter = new RateLimiter(1, 10_000);
    limiter.hit('ana', 0);
    expect(limiter.hit('ana', 1)).toBe(false);
    limiter.reset('ana');
    expect(limiter.hit('ana', 2)).toBe(true);
  });

  it('a refusal is TOO_MANY_REQUESTS and says when to try again', () => {
    const limiter = new RateLimiter(1, 60_000);
    limiter.hit('ana');
    limiter.hit('ana');
    const error = tooManyRequests(limiter, 'ana', 'sign-ups from this address');
    expect(error).toBeInstanceOf(TRPCError);
    expect(error.code).toBe('TOO_MANY_REQUESTS');
    expect(error.message).toMatch(/^Too many sign-ups from this address\. Try again in (60|59) seconds\.$/);
  });
});
