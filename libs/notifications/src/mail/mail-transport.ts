import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import path from 'node:path';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@fpn/config';
import { Clock } from '@fpn/core';
import { createTransport, type Transporter } from 'nodemailer';

/** One e-mail, rendered; `id` is its outbox row. */
export interface OutgoingMail {
  id: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  /** The outbox row's creation: names the .eml file, so a resend overwrites it. */
  createdAt: Date;
}

/** Short enough that a send always ends well inside the dispatcher's lease. */
const SMTP_TIMEOUTS = { connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000 };

/**
 * Sends e-mail through the SMTP relay in SMTP_URL, or without one writes each
 * message as an .eml file into MAIL_OUTBOX_DIR (development, tests, air-gapped
 * installations). The Message-ID is the outbox row id, so a message sent twice
 * (a worker died between sending and recording it) can be recognised as one.
 * Logs the kind and the outbox id; never the address, the body or SMTP_URL.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly logger = new Logger(MailTransport.name);
  private readonly transporter: Transporter;
  readonly mode: 'smtp' | 'outbox';
  private readonly domain: string;
  private outboxReady?: Promise<void>;

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    const { smtpUrl } = config.mail;
    this.mode = smtpUrl ? 'smtp' : 'outbox';
    this.domain = /@([^\s>]+)>?\s*$/.exec(config.mail.from)?.[1] ?? 'fpn.localhost';
    this.transporter = smtpUrl
      ? createTransport({
          url: smtpUrl,
          ...SMTP_TIMEOUTS,
          // A relay on this machine: the message never crosses the network, so
          // a self-signed STARTTLS certificate must not stop it. The URL may say otherwise.
          ignoreTLS: isLoopback(new URL(smtpUrl).hostname),
          logger: false,
        })
      : createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  async send(mail: OutgoingMail): Promise<void> {
    const message = {
      from: this.config.mail.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: `<${mail.id}@${this.domain}>`,
      date: this.clock.now(),
      // RFC 3834: no out-of-office replies to a machine.
      headers: { 'Auto-Submitted': 'auto-generated' },
    };
    if (this.mode === 'smtp') {
      await this.transporter.sendMail(message);
    } else {
      const info = (await this.transporter.sendMail(message)) as { message: Buffer };
      await this.writeToOutbox(mail, info.message);
    }
    this.logger.log({ kind: mail.kind, outboxId: mail.id, transport: this.mode }, 'mail sent');
  }

  /** Written whole or not at all: a temporary file, then a rename. Readable by this user only. */
  private async writeToOutbox(mail: OutgoingMail, raw: Buffer): Promise<void> {
    const dir = this.config.mail.outboxDir;
    this.outboxReady ??= mkdir(dir, { recursive: true, mode: 0o700 }).then(() => undefined);
    await this.outboxReady;
    const stamp = mail.createdAt.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
    const file = path.join(dir, `${stamp}-${mail.id}.eml`);
    const temporary = path.join(dir, `.${stamp}-${mail.id}.eml.tmp`);
    try {
      await writeFile(temporary, raw, { mode: 0o600 });
      await chmod(temporary, 0o600);
      await rename(temporary, file);
    } catch (error) {
      await rm(temporary, { force: true });
      this.outboxReady = undefined;
      throw error;
    }
  }

  onApplicationShutdown(): void {
    this.transporter.close();
  }
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}
