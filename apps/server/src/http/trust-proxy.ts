import { isIP } from 'node:net';

/**
 * Which peers' X-Forwarded-For Confab believes (Fastify's `trustProxy`): none, the nearest
 * `n` hops, or the listed addresses, CIDR ranges and proxy-addr's names for reserved ranges.
 */
export type TrustProxy = false | number | string[];

const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const OFF = new Set(['', 'false', 'off', 'no', '0']);

/** Parses TRUST_PROXY; a string result is the problem with it, to report. */
export function parseTrustProxy(value: string): TrustProxy | string {
  const trimmed = value.trim().toLowerCase();
  if (OFF.has(trimmed)) return false;
  if (trimmed === 'true' || trimmed === 'yes' || trimmed === '*') {
    return "must name the proxy, not 'true': trusting every peer lets any client pick its own address; give the proxy's address (127.0.0.1), a CIDR range (10.0.0.0/8) or the number of proxies in front (1)";
  }
  if (/^\d+$/.test(trimmed)) {
    const hops = Number(trimmed);
    return hops <= 10 ? hops : 'as a hop count must be at most 10';
  }
  const entries = trimmed.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    if (!isAddressOrRange(entry)) {
      return `has "${entry}", which is not an IP address, a CIDR range (10.0.0.0/8, fd00::/8), loopback, linklocal or uniquelocal`;
    }
  }
  return entries;
}

function isAddressOrRange(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true;
  const [address = '', prefix, extra] = entry.split('/');
  if (extra !== undefined) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * The form Fastify takes. A hop count becomes "the nearest n peers" by hand: Fastify 5.12 turns
 * a bare number into trusting nobody, since a client that reaches Confab directly could then
 * claim any address. That is why HOST should keep Confab reachable only through the proxy.
 */
export function fastifyTrustProxy(trust: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust !== 'number') return trust;
  return (_address, hop) => hop < trust;
}
