import argon2 from 'argon2';
import { Semaphore } from '../semaphore.js';

// OWASP minimum for argon2id: 19 MiB, t=2, p=1.
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashing is deliberately expensive; two at a time keeps a login burst from starving the machine. */
const hashing = new Semaphore(2);

export function hashPassword(password: string): Promise<string> {
  return hashing.run(() => argon2.hash(password, HASH_OPTIONS));
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies `password` against `hash`; with no hash (unknown e-mail) it still verifies against a
 * dummy so that the answer takes about as long and reveals nothing.
 */
export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  dummyHash ??= hashPassword('confab-dummy-password-for-timing');
  const target = hash ?? (await dummyHash);
  const matches = await hashing.run(() => argon2.verify(target, password).catch(() => false));
  return hash !== null && matches;
}
