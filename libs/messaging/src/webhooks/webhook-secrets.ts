import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@fpn/config';
import { SecretBox } from '@fpn/core';

/**
 * Seals webhook HMAC secrets at rest under the server's key (the one that
 * seals TOTP seeds), bound to the webhook row: a sealed secret copied to
 * another row does not open.
 */
@Injectable()
export class WebhookSecrets implements OnModuleInit {
  private box?: SecretBox;

  constructor(private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    this.box = await SecretBox.create(this.config.auth.mfaEncryptionKey);
  }

  seal(secret: string, webhookId: string): string {
    return this.ready().seal(secret, `webhook:${webhookId}`);
  }

  open(sealed: string, webhookId: string): string {
    return this.ready().open(sealed, `webhook:${webhookId}`);
  }

  private ready(): SecretBox {
    if (!this.box) throw new Error('WebhookSecrets used before module init');
    return this.box;
  }
}
