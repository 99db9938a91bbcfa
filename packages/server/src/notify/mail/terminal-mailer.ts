import type { SendMailOptions } from 'nodemailer';
import type { Mailer } from './smtp-transport.js';

/**
 * The demo's mailer (`serve --demo` without `SMTP_URL`): each mail is written to `write` — its
 * recipient, subject and plain text, links included — instead of sent, so that the sign-up form
 * can be tried on a machine with no mail relay: the confirmation link is printed in the terminal.
 *
 * @example
 * const mailer = createTerminalMailer((text) => process.stdout.write(text));
 */
export function createTerminalMailer(write: (text: string) => void): Mailer {
  return {
    async send(message: SendMailOptions) {
      const rule = '-'.repeat(72);
      write(
        `${rule}\nDemo mail (not sent: no SMTP_URL) to ${String(message.to)}\nSubject: ${String(message.subject)}\n\n${String(message.text)}\n${rule}\n`,
      );
      return { ok: true, response: 'printed' };
    },
    close() {},
  };
}
