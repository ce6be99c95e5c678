import type { FastifyBaseLogger } from 'fastify';
import nodemailer from 'nodemailer';
import type { OutgoingMail } from '@confab/api';

/**
 * Sends mail through SMTP_URL (nodemailer's connection URL: smtp://, smtps://, with user and
 * password). A failure is logged here and never reaches the person who asked: "Forgot password?"
 * answers the same either way.
 */
export function smtpMailer(smtp: { url: string; from: string }, log: FastifyBaseLogger): (mail: OutgoingMail) => Promise<void> {
  const transport = nodemailer.createTransport(smtp.url);
  return async (mail) => {
    try {
      await transport.sendMail({ from: smtp.from, to: mail.to, subject: mail.subject, text: mail.text });
    } catch (error) {
      log.warn({ err: error, to: mail.to.replace(/^[^@]*/, '***') }, 'could not send mail through SMTP_URL');
    }
  };
}
