import type { FastifyBaseLogger } from 'fastify';
import nodemailer from 'nodemailer';
import type { OutgoingMail } from '@confab/api';

/**
 * Sends mail through SMTP_URL (nodemailer's connection URL: smtp://, smtps://, with user and
 * password). A failure is logged here and rethrown: "Forgot password?" swallows it (it answers
 * the same either way), an admin's "send the link" reports it as not sent.
 */
export function smtpMailer(smtp: { url: string; from: string }, log: FastifyBaseLogger): (mail: OutgoingMail) => Promise<void> {
  const transport = nodemailer.createTransport(smtp.url);
  return async (mail) => {
    try {
      await transport.sendMail({ from: smtp.from, to: mail.to, subject: mail.subject, text: mail.text });
    } catch (error) {
      log.warn({ err: error, to: mail.to.replace(/^[^@]*/, '***') }, 'could not send mail through SMTP_URL');
      throw error;
    }
  };
}
