import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The browser's device mark (see @confab/api auth/devices.ts): kept a year, across sign-outs. */
const DEVICE_COOKIE = 'confab_device';
const YEAR_S = 365 * 24 * 60 * 60;

/** the device mark an HTTP request carries, or null */
export function deviceMarkOf(app: FastifyInstance, request: FastifyRequest): string | null {
  return app.parseCookie(request.headers.cookie ?? '')[DEVICE_COOKIE] ?? null;
}

/** keeps `mark` in the browser: HttpOnly, SameSite=Lax, Secure over HTTPS, only sent to /trpc */
export function deviceMarkWriter(reply: FastifyReply, secure: boolean): (mark: string) => void {
  return (mark) => void reply.setCookie(DEVICE_COOKIE, mark, { httpOnly: true, sameSite: 'lax', secure, path: '/trpc', maxAge: YEAR_S });
}
