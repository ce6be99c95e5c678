import type { ApiConfig } from '@confab/api';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import { smtpMailer } from './mailer.js';
import { serverFactsReader } from './server-facts.js';

/** What the API needs to run a team: where links point, the default sign-up mode, mail, server facts. */
export function teamApiConfig(
  config: Config,
  log: () => FastifyBaseLogger,
): Pick<ApiConfig, 'publicOrigin' | 'defaultSignupMode' | 'sendMail' | 'serverFacts'> {
  const smtp = config.smtp;
  let send: ReturnType<typeof smtpMailer> | undefined;
  return {
    publicOrigin: config.publicOrigin,
    defaultSignupMode: config.defaultSignupMode,
    // Built on first use, when the logger exists.
    sendMail: smtp ? (mail) => (send ??= smtpMailer(smtp, log()))(mail) : undefined,
    serverFacts: serverFactsReader(config),
  };
}
