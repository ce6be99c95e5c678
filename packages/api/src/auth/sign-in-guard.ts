import { TRPCError } from '@trpc/server';
import { tooManyRequests } from '../errors.js';
import { RateLimiter } from '../rate-limit.js';
import { HashQueueFullError } from './hash-queue.js';
import { verifyPassword } from './passwords.js';

/** Past this many failures in the window an account is "under attack": unknown addresses wait behind known ones. */
const ACCOUNT_FAILURES_BEFORE_SLOWDOWN = 10;
const KNOWN_PAIRS_KEPT = 10_000;

/**
 * Brute force stays expensive without letting a stranger lock a person out. Failures are
 * counted per (account, address): ten wrong passwords from one address refuse that address
 * for that account, nobody else. Failures per account only slow down: once an account has
 * many, checks from addresses that never signed in to it successfully wait behind the rest of
 * the line, while the owner's own address (one that signed in before) goes first and is never
 * refused for the account's sake.
 */
export class SignInGuard {
  private readonly accountFailures: RateLimiter;
  private readonly knownPairs = new Map<string, number>();

  /** `perPair` is the configured `loginPerAccount` limit, now applied per (account, address). */
  constructor(private readonly perPair: RateLimiter) {
    this.accountFailures = new RateLimiter(Number.MAX_SAFE_INTEGER, perPair.windowMs);
  }

  /**
   * Checks `password` against `hash` for `account` from `address`; true only for the right password.
   * With `device` (a valid device mark of the account), failures count per device, not per
   * address, and the check goes first in the line whatever the account's failures.
   */
  async verify(address: string, account: string, hash: string | null, password: string, device: string | null = null): Promise<boolean> {
    const pair = device ? `${account}\ndevice:${device}` : `${account}\n${address}`;
    const from = device ? 'this device' : 'this address';
    if (!this.perPair.hit(pair)) throw tooManyRequests(this.perPair, pair, `failed sign-ins for this account from ${from}`);
    const isKnown = device !== null || this.knownPairs.has(pair);
    const hasFailed = this.perPair.count(pair) > 1;
    const isStrangerUnderAttack = !isKnown && this.accountFailures.count(account) >= ACCOUNT_FAILURES_BEFORE_SLOWDOWN;
    const rank = hasFailed || isStrangerUnderAttack ? 2 : isKnown ? 0 : 1;
    let valid: boolean;
    try {
      valid = await verifyPassword(hash, password, { address, account, rank });
    } catch (error) {
      if (!(error instanceof HashQueueFullError)) throw error;
      throw new TRPCError({
        code: 'TOO_MANY_REQUESTS',
        message: `The server is busy checking sign-ins. Try again in ${error.retryAfterSeconds} seconds.`,
        cause: error,
      });
    }
    if (!valid) {
      this.accountFailures.hit(account);
      return false;
    }
    this.perPair.reset(pair);
    this.knownPairs.delete(pair);
    this.knownPairs.set(pair, Date.now());
    if (this.knownPairs.size > KNOWN_PAIRS_KEPT) this.knownPairs.delete(this.knownPairs.keys().next().value ?? '');
    return true;
  }
}

const guards = new WeakMap<RateLimiter, SignInGuard>();

/** The one guard of an API (keyed by its per-account limiter, which every API builds once). */
export function signInGuardFor(perPair: RateLimiter): SignInGuard {
  let guard = guards.get(perPair);
  if (!guard) guards.set(perPair, (guard = new SignInGuard(perPair)));
  return guard;
}
