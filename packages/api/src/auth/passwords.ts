import argon2 from 'argon2';
import { FairHashQueue, type HashQueueOptions, type HashRequester } from './hash-queue.js';

// OWASP minimum for argon2id: 19 MiB, t=2, p=1.
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const defaultHashQueue: HashQueueOptions = { concurrency: 2, maxWaiting: 32, maxWaitingPerAddress: 4, maxWaitingPerAccount: 8 };

/**
 * Hashing is deliberately expensive: two at a time keeps a sign-in burst from starving the
 * machine, and the waiting line is bounded and fair (hash-queue.ts), so a flood of wrong
 * passwords is refused rather than queued in front of a person's right one.
 */
const hashing = new FairHashQueue(defaultHashQueue);

/** A hash made for the account itself (sign-up, a new password): never behind a failing requester. */
const SELF: HashRequester = { address: 'self', account: 'self', rank: 1 };

export function hashPassword(password: string, who: HashRequester = SELF): Promise<string> {
  return hashing.run(who, () => argon2.hash(password, HASH_OPTIONS));
}

// Made outside the line: a full line must not leave a rejected promise here for good.
let dummyHash: Promise<string> | undefined;

/**
 * Verifies `password` against `hash`; with no hash (unknown e-mail) it still verifies against a
 * dummy so that the answer takes about as long and reveals nothing. Throws HashQueueFullError
 * when the line is full for `who`.
 */
export async function verifyPassword(hash: string | null, password: string, who: HashRequester = SELF): Promise<boolean> {
  dummyHash ??= argon2.hash('confab-dummy-password-for-timing', HASH_OPTIONS);
  const target = hash ?? (await dummyHash);
  const matches = await hashing.run(who, () => argon2.verify(target, password).catch(() => false));
  return hash !== null && matches;
}
