import { randomBytes } from 'node:crypto';

/** Opaque, unguessable ids for users, rooms, sessions and uploads (128 bits, URL-safe). */
export function newId(): string {
  return randomBytes(16).toString('base64url');
}
