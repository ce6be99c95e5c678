import { STATUS_CODES } from 'node:http';
import type { FastifyReply } from 'fastify';

/** The body of every error Confab answers outside tRPC: what went wrong, and what to do about it. */
interface ErrorBody {
  /** the HTTP status text (`Not Found`), or a Fastify error code for a refused request */
  error: string;
  message: string;
}

/** Answers with `status` and `{ error, message }`; `error` defaults to the status text. */
export function replyError(reply: FastifyReply, status: number, message: string, error = STATUS_CODES[status] ?? 'Error'): FastifyReply {
  return reply.code(status).send({ error, message } satisfies ErrorBody);
}
