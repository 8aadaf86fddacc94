import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@fpn/config';
import { DataSource } from 'typeorm';
import { MailTransport } from '../mail/mail-transport';
import { renderMail } from '../mail/templates';
import type { MailLanguage, NotificationParam } from '../notification-kind';
import { NotificationSecrets } from '../notification-secrets';
import { classifySendError, retryDelayMs, SEND_LEASE_MS, type SendFailure } from './backoff';

const BATCH_SIZE = 10;

interface ClaimedEmail {
  id: string;
  to_address: string;
  language: MailLanguage;
  kind: string;
  params: Record<string, NotificationParam>;
  sealed_secrets: string | null;
  attempts: number;
  created_at: Date;
}

type Outcome = 'sent' | 'retry' | 'failed' | { transportDownUntil: Date };

/**
 * Sends due e-mails from the outbox. Rows are claimed with SKIP LOCKED and a
 * short lease, so any number of workers share the work and a worker that dies
 * mid-send leaves its rows to the next one. At least once: a mail is marked
 * sent after the relay took it.
 */
@Injectable()
export class EmailSender {
  private readonly logger = new Logger(EmailSender.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transport: MailTransport,
    private readonly secrets: NotificationSecrets,
    private readonly config: AppConfig,
  ) {}

  /** Sends everything due at `now`; returns how many went out. */
  async sendDue(now: Date): Promise<number> {
    let sent = 0;
    for (;;) {
      const batch = await this.claim(now);
      for (const [index, email] of batch.entries()) {
        const outcome = await this.sendOne(email, now);
        if (outcome === 'sent') sent += 1;
        if (typeof outcome === 'object') {
          // The relay is unreachable: the rest of the batch waits as long, without an attempt counted.
          await this.release(
            batch.slice(index + 1).map((rest) => rest.id),
            outcome.transportDownUntil,
          );
          return sent;
        }
      }
      if (batch.length < BATCH_SIZE) return sent;
    }
  }

  private async claim(now: Date): Promise<ClaimedEmail[]> {
    const [rows] = (await this.dataSource.query(
      `UPDATE email_outbox o
          SET next_attempt_at = $2
         FROM (SELECT id FROM email_outbox
                WHERE status = 'pending' AND next_attempt_at <= $1
                ORDER BY next_attempt_at
                LIMIT $3
                  FOR UPDATE SKIP LOCKED) due
        WHERE o.id = due.id
      RETURNING o.id, o.to_address, o.language, o.kind, o.params, o.sealed_secrets, o.attempts, o.created_at`,
      [now, new Date(now.getTime() + SEND_LEASE_MS), BATCH_SIZE],
    )) as [ClaimedEmail[], number];
    return rows.sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
  }

  private async sendOne(email: ClaimedEmail, now: Date): Promise<Outcome> {
    let rendered;
    try {
      const secrets = email.sealed_secrets ? this.secrets.open(email.sealed_secrets, email.id) : {};
      rendered = renderMail({
        kind: email.kind,
        language: email.language,
        params: email.params,
        secrets,
        publicUrl: this.config.mail.publicUrl,
      });
    } catch {
      // A row no template can render (or whose secrets no longer open) never will.
      return this.recordFailure(email, now, {
        code: 'TEMPLATE',
        permanent: true,
        transportDown: false,
      });
    }
    try {
      await this.transport.send({
        id: email.id,
        kind: email.kind,
        to: email.to_address,
        subject: rendered.subject,
        text: rendered.text,
        createdAt: email.created_at,
      });
    } catch (error) {
      return this.recordFailure(email, now, classifySendError(error));
    }
    await this.dataSource.query(
      `UPDATE email_outbox
          SET status = 'sent', sent_at = $2, attempts = attempts + 1,
              sealed_secrets = NULL, last_error = NULL
        WHERE id = $1 AND status = 'pending'`,
      [email.id, now],
    );
    return 'sent';
  }

  private async recordFailure(
    email: ClaimedEmail,
    now: Date,
    failure: SendFailure,
  ): Promise<Outcome> {
    const attempts = email.attempts + 1;
    const log = { kind: email.kind, outboxId: email.id, attempts, error: failure.code };
    if (failure.permanent || attempts >= this.config.mail.maxAttempts) {
      await this.dataSource.query(
        `UPDATE email_outbox
            SET status = 'failed', attempts = $2, last_error = $3, sealed_secrets = NULL
          WHERE id = $1 AND status = 'pending'`,
        [email.id, attempts, failure.code],
      );
      this.logger.error(log, 'mail given up');
      return 'failed';
    }
    const retryAt = new Date(now.getTime() + retryDelayMs(attempts));
    await this.dataSource.query(
      `UPDATE email_outbox
          SET attempts = $2, last_error = $3, next_attempt_at = $4
        WHERE id = $1 AND status = 'pending'`,
      [email.id, attempts, failure.code, retryAt],
    );
    this.logger.warn({ ...log, retryAt }, 'mail not sent; will retry');
    return failure.transportDown ? { transportDownUntil: retryAt } : 'retry';
  }

  private async release(ids: string[], until: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(
      `UPDATE email_outbox SET next_attempt_at = $2 WHERE id = ANY($1::uuid[]) AND status = 'pending'`,
      [ids, until],
    );
  }
}
