import { z } from 'zod';

/** Shared field schemas: every input from outside is parsed with these at the edge. */
export const emailInput = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'Email is too long (at most 254 characters).')
  .pipe(z.email('Enter a valid email address, like ana@example.com.'));

export const passwordInput = z
  .string()
  .min(8, 'Password must be at least 8 characters.')
  .max(256, 'Password must be at most 256 characters.');

export const nameInput = z
  .string()
  .trim()
  .min(1, 'Name cannot be empty.')
  .max(80, 'Name must be at most 80 characters.');

export const idInput = z.string().min(1, 'An id is required.').max(64, 'That id is too long.');
