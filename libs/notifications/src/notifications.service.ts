import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@fpn/config';
import { Clock } from '@fpn/core';
import { QueueName, QueueProducer } from '@fpn/queue';
import type { EntityManager } from 'typeorm';
import { EmailOutboxEntity, EmailStatus } from './entities/email-outbox.entity';
import { NotificationEntity } from './entities/notification.entity';
import { renderMail } from './mail/templates';
import {
  MAIL_LANGUAGES,
  type MailLanguage,
  type NotificationKind,
  type NotificationParamsByKind,
} from './notification-kind';
import { NotificationSecrets } from './notification-secrets';

export interface NotifyInput<K extends NotificationKind = NotificationKind> {
  userId: string;
  kind: K;
  /** Metadata only: ids, codes, names, dates. Never message content, never a secret. */
  params: NotificationParamsByKind[K];
  /** An in-app notification (default true). */
  inApp?: boolean;
  /** An e-mail too, in the recipient's language. */
  email?: {
    to: string;
    language: MailLanguage;
    /** What the template needs but must not be stored in clear, e.g. `{ token }`. */
    secrets?: Record<string, string>;
  };
}

export interface Notified {
  notificationId: string | null;
  emailId: string | null;
}

/** Above this, a Redis that does not answer must not hold up the caller's response. */
const DISPATCH_SOON_TIMEOUT_MS = 2_000;
const ADDRESS = /^[^\s@<>,;"]{1,64}@[^\s@<>,;"]{1,190}$/;
const SECRET_NAME = /pass(word)?|secret|token|otp|totp|recovery/i;

/**
 * Records notifications inside the caller's transaction: they exist exactly
 * when the change they report was committed. The worker pushes and mails them
 * (NotificationDispatcher); `dispatchSoon()` after commit only makes that
 * happen at once instead of at the next sweep.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly secrets: NotificationSecrets,
    private readonly queues: QueueProducer,
  ) {}

  async notify<K extends NotificationKind>(
    manager: EntityManager,
    input: NotifyInput<K>,
  ): Promise<Notified> {
    const now = this.clock.now();
    const params = metadataOnly(input.params);
    let notificationId: string | null = null;
    let emailId: string | null = null;

    if (input.inApp ?? true) {
      notificationId = randomUUID();
      await manager.insert(NotificationEntity, {
        id: notificationId,
        userId: input.userId,
        kind: input.kind,
        params,
        createdAt: now,
        readAt: null,
        pushedAt: null,
      });
    }

    if (input.email) {
      const { to, language } = input.email;
      const secrets = input.email.secrets ?? {};
      // Programming errors, caught here so the caller's transaction rolls back
      // rather than an e-mail failing later in the worker.
      if (!ADDRESS.test(to)) throw new Error('notify: the e-mail address is not valid');
      if (!MAIL_LANGUAGES.includes(language)) throw new Error('notify: unknown mail language');
      renderMail({
        kind: input.kind,
        language,
        params,
        secrets,
        publicUrl: this.config.mail.publicUrl,
      });
      emailId = randomUUID();
      await manager.insert(EmailOutboxEntity, {
        id: emailId,
        userId: input.userId,
        toAddress: to,
        language,
        kind: input.kind,
        params,
        sealedSecrets: Object.keys(secrets).length > 0 ? this.secrets.seal(secrets, emailId) : null,
        status: EmailStatus.PENDING,
        attempts: 0,
        nextAttemptAt: now,
        lastError: null,
        createdAt: now,
        sentAt: null,
      });
    }
    return { notificationId, emailId };
  }

  /**
   * Asks a worker to send what is due now; call it after commit. Best effort:
   * whatever it cannot queue goes out with the next deadline sweep.
   */
  async dispatchSoon(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error('Redis did not answer in time')),
        DISPATCH_SOON_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([
        this.queues.add(
          QueueName.Notifications,
          'dispatch',
          { trigger: 'soon' },
          {
            // A burst makes one job; one committed while a job runs makes one more after it.
            deduplication: { id: 'dispatch', keepLastIfActive: true },
            removeOnComplete: true,
            removeOnFail: 100,
          },
        ),
        timeout,
      ]);
    } catch (error) {
      this.logger.warn(
        { err: (error as Error).message },
        'could not queue notification dispatch; the next sweep sends it',
      );
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The parameters as stored: scalars only, and no name that suggests a secret. */
function metadataOnly(params: object): Record<string, string | number | boolean | null> {
  const stored: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(params)) {
    if (SECRET_NAME.test(key)) {
      throw new Error(`notify: params must not carry secrets ("${key}"); pass them as secrets`);
    }
    if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) {
      throw new Error(`notify: param "${key}" must be a string, number, boolean or null`);
    }
    stored[key] = value as string | number | boolean | null;
  }
  return stored;
}
