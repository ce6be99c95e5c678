import { z } from 'zod';
import { visibleName } from './names.js';

// The field schemas of procedure inputs: everything from outside is parsed with these at the edge, and trusted inside.

// Account fields.
export const emailInput = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'Email is too long (at most 254 characters).')
  .pipe(z.email('Enter a valid email address, like ana@example.com.'));

export const passwordInput = z.string().min(8, 'Password must be at least 8 characters.').max(256, 'Password must be at most 256 characters.');

export const nameInput = visibleName('Name', 80);

export const idInput = z.string().min(1, 'An id is required.').max(64, 'That id is too long.');

// Chat fields.
export const roomIdInput = idInput.describe('a room id');
export const messageIdInput = z
  .number({ message: 'messageId must be a message id (a number).' })
  .int('messageId must be a whole number.')
  .positive('messageId must be above 0.');

const MAX_BODY = 4000;
export const bodyInput = z
  .string({ message: 'body must be text.' })
  .trim()
  .max(MAX_BODY, `Message is too long (at most ${MAX_BODY.toLocaleString('en')} characters).`);

export const clientIdInput = z
  .string({ message: 'clientId is required: a unique id your client makes per message, so a retry cannot post twice.' })
  .min(1, 'clientId cannot be empty.')
  .max(64, 'clientId must be at most 64 characters.');

export const roomNameInput = visibleName('Room name', 80);
export const topicInput = z.string().trim().max(250, 'Topic must be at most 250 characters.');

export const emojiInput = z
  .string()
  .trim()
  .min(1, 'Pick an emoji.')
  .max(16, 'An emoji must be at most 16 characters.')
  .refine((value) => !/\s/.test(value), 'An emoji cannot contain spaces.');

export const userIdsInput = z.array(idInput).min(1, 'Name at least one user.').max(100, 'At most 100 users at a time.');

// Team fields (issue 10).
export const signupModeInput = z.enum(['invite', 'domain', 'open'], { message: 'mode must be "invite", "domain" or "open".' });

export const domainInput = z
  .string()
  .trim()
  .toLowerCase()
  .transform((value) => value.replace(/^@/, ''))
  .pipe(
    z
      .string()
      .max(253, 'A domain is at most 253 characters.')
      .regex(/^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'Enter domains like example.com (no @, no spaces).'),
  );

export const roleInput = z.enum(['admin', 'member'], { message: 'role must be "admin" or "member".' });

export const teamNameInput = visibleName('Team name', 60);

/** an invite code or a reset token as it appears in a link: long, URL-safe */
export const linkCodeInput = z
  .string({ message: 'The code from the link is required.' })
  .trim()
  .min(1, 'The code from the link is required.')
  .max(128, 'That code is too long: copy the whole link again.');

export const currentPasswordInput = z.string().min(1, 'Enter your current password.').max(256, 'Password must be at most 256 characters.');
