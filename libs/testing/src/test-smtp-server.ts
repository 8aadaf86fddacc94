import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { findFreePort } from '@fpn/core';

/** One message as the test SMTP server received and parsed it. */
export interface ReceivedMail {
  /** The first envelope recipient (RCPT TO), lower-cased: whom it was sent to. */
  to: string;
  /** Every envelope recipient. */
  recipients: string[];
  /** The envelope sender (MAIL FROM). */
  from: string;
  subject: string;
  text: string;
  messageId: string;
  /** Header values by lower-cased name, as mailparser reads them. */
  headers: Map<string, unknown>;
  /** The message as it arrived (RFC 822). */
  raw: string;
}

export interface TestSmtpServerOptions {
  /** Listen on this port (to start a stopped server again at the same SMTP_URL). */
  port?: number;
  /** Recipients refused for good with 550, as a relay refuses an unknown mailbox. */
  refuse?: (address: string) => boolean;
}

export interface TestSmtpServer {
  /** `smtp://127.0.0.1:<port>`: what SMTP_URL is set to. */
  url: string;
  port: number;
  /** Every message received so far, in order. */
  messages: ReceivedMail[];
  /**
   * The first message matching `predicate` after skipping `skip` matching
   * ones, already received or yet to come; rejects after `timeoutMs`.
   */
  waitFor(
    predicate: (mail: ReceivedMail) => boolean,
    timeoutMs?: number,
    skip?: number,
  ): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/**
 * A real SMTP server in the test process on a free loopback port: no TLS,
 * any (or no) login accepted. Each message is parsed, so tests read what a
 * recipient would.
 */
export async function startTestSmtpServer(
  options: TestSmtpServerOptions = {},
): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  const listeners = new Set<() => void>();

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    logger: false,
    banner: 'fpn test smtp',
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? 'test' });
    },
    onRcptTo(address, _session, callback) {
      if (options.refuse?.(address.address.toLowerCase())) {
        const error = Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            const recipients = session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase());
            const from = session.envelope.mailFrom;
            messages.push({
              to: recipients[0] ?? '',
              recipients,
              from: from ? from.address : '',
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              messageId: parsed.messageId ?? '',
              headers: parsed.headers,
              raw: raw.toString('utf8'),
            });
            for (const listener of listeners) listener();
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  server.on('error', () => undefined);

  const port = options.port ?? (await findFreePort());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    waitFor(predicate, timeoutMs = 10_000, skip = 0) {
      const find = () => messages.filter(predicate)[skip];
      const found = find();
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const check = () => {
          const mail = find();
          if (!mail) return;
          done();
          resolve(mail);
        };
        const timer = setTimeout(() => {
          done();
          reject(
            new Error(`no matching e-mail within ${timeoutMs} ms (${messages.length} received)`),
          );
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
