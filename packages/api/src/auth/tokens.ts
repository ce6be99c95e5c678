import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';

const claims = z.object({ sub: z.string().min(1), sid: z.string().min(1) });
type TokenClaims = z.infer<typeof claims>;

let cachedKey: { secret: string; key: KeyObject } | undefined;

/**
 * Given a string, jsonwebtoken first tries to parse it as a PEM public key, which throws, on every
 * call: ~1 ms of CPU per request. A KeyObject made once skips that (same HMAC key, same tokens).
 */
function hmacKey(secret: string): KeyObject {
  if (cachedKey?.secret !== secret) cachedKey = { secret, key: createSecretKey(Buffer.from(secret, 'utf8')) };
  return cachedKey.key;
}

export function signToken(secret: string, payload: TokenClaims, ttlSeconds: number): string {
  return jwt.sign(payload, hmacKey(secret), { algorithm: 'HS256', expiresIn: ttlSeconds });
}

/** The claims of a valid, unexpired HS256 token, or null: never throws (bad tokens are just "signed out"). */
export function verifyToken(secret: string, token: string): TokenClaims | null {
  try {
    // Pinning the algorithm refuses `alg: none` and algorithm-confusion tokens.
    const decoded = jwt.verify(token, hmacKey(secret), { algorithms: ['HS256'] });
    const parsed = claims.safeParse(decoded);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
