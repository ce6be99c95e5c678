import { z } from 'zod';

// C0/C1 controls (NUL, ESC, newlines, ...), bidi marks, embeddings, overrides and isolates, and the
// line/paragraph separators: none belongs in a name someone else reads (U+202E turns "evil.exe"
// around on screen). The same set the upload file names are cleaned of.
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/u;
// Something that is not blank: not spaces, not format characters (zero-width ones), not fillers.
const VISIBLE = /[^\p{White_Space}\p{Cf}\p{Cc}\u115f\u1160\u3164\uffa0\u2800]/u;

/**
 * A name people see (a display name, a room name, a team name): NFC-normalised and trimmed, with
 * no control or bidi-override characters and at least one visible character. `what` starts the
 * error messages ("Name", "Room name").
 */
export function visibleName(what: string, max: number) {
  return z
    .string()
    .transform((value) => value.normalize('NFC').trim())
    .pipe(
      z
        .string()
        .min(1, `${what} cannot be empty.`)
        .max(max, `${what} must be at most ${max} characters.`)
        .refine((value) => !FORBIDDEN.test(value), `${what} cannot contain control characters, line breaks or text-direction overrides.`)
        .refine((value) => VISIBLE.test(value), `${what} needs at least one visible character.`),
    );
}
