import jwt from 'jsonwebtoken';
import { z } from 'zod';

const claims = z.object({ sub: z.string().min(1), sid: z.string().min(1) });
export type TokenClaims = z.infer<typeof claims>;

export function signToken(secret: string, payload: TokenClaims, ttlSeconds: number): string {
  return jwt.sign(payload, secret, { algorithm: 'HS256', expiresIn: ttlSeconds });
}

/** The claims of a valid, unexpired HS256 token, or null: never throws (bad tokens are just "signed out"). */
export function verifyToken(secret: string, token: string): TokenClaims | null {
  try {
    // Pinning the algorithm refuses `alg: none` and algorithm-confusion tokens.
    const decoded = jwt.verify(token, secret, { algorithms: ['HS256'] });
    const parsed = claims.safeParse(decoded);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
