import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@fpn/config';
import { SecretBox } from '@fpn/core';

/**
 * Seals what an e-mail template needs but the database must never hold in
 * clear (an invitation token) until the mail is sent, under the key that seals
 * TOTP seeds, bound to the outbox row: a sealed value moved to another row
 * does not open.
 */
@Injectable()
export class NotificationSecrets implements OnModuleInit {
  private box?: SecretBox;

  constructor(private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    this.box = await SecretBox.create(this.config.auth.mfaEncryptionKey);
  }

  seal(secrets: Record<string, string>, outboxId: string): string {
    return this.ready().seal(JSON.stringify(secrets), `email_outbox:${outboxId}`);
  }

  open(sealed: string, outboxId: string): Record<string, string> {
    return JSON.parse(this.ready().open(sealed, `email_outbox:${outboxId}`)) as Record<
      string,
      string
    >;
  }

  private ready(): SecretBox {
    if (!this.box) throw new Error('NotificationSecrets used before module init');
    return this.box;
  }
}
