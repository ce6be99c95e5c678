import pretty from 'pino-pretty';
import type { Config } from '../config.js';

/** What Fastify's request serializer is given (a FastifyRequest), as far as the log line needs it. */
interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip: string;
  socket?: { remotePort?: number };
}

// Query values are never logged: a tRPC GET carries its input there (search text, invite
// codes), and a hand-made WebSocket URL may carry a token. Only these keep their value.
const HARMLESS_QUERY_KEYS = new Set(['batch']);

/** The URL with every query value but the harmless ones replaced, so no token reaches a log line. */
function urlForLog(logged: string): string {
  // An incoming webhook's URL is its credential (issue 11).
  const url = logged.replace(/^\/hooks\/[^/?#]*/, '/hooks/[redacted]');
  const mark = url.indexOf('?');
  if (mark === -1) return url;
  const query = url
    .slice(mark + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const key = pair.split('=', 1)[0] ?? '';
      return HARMLESS_QUERY_KEYS.has(key) ? pair : `${key}=[redacted]`;
    });
  return `${url.slice(0, mark)}?${query.join('&')}`;
}

/**
 * Fastify's logger: readable lines (pino-pretty) when LOG_FORMAT is pretty, or auto and stdout
 * is a terminal; one JSON object per line otherwise. Credentials are redacted wherever they
 * could appear in a logged object, and URLs lose their query values.
 */
export function loggerOptions(config: Pick<Config, 'logLevel' | 'logFormat'>, output: NodeJS.WritableStream = process.stdout) {
  const isTerminal = 'isTTY' in output && output.isTTY === true;
  const readable = config.logFormat === 'pretty' || (config.logFormat === 'auto' && isTerminal);
  return {
    level: config.logLevel,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.authorization',
        'headers.cookie',
        'res.headers["set-cookie"]',
        'token',
        '*.token',
        'connectionParams',
        '*.connectionParams',
        'password',
        '*.password',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (request: LoggedRequest) => ({
        method: request.method,
        url: urlForLog(request.url),
        host: request.host,
        remoteAddress: request.ip,
        remotePort: request.socket?.remotePort,
      }),
    },
    stream: readable
      ? pretty({ destination: output, colorize: isTerminal, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', sync: true })
      : output,
  };
}
