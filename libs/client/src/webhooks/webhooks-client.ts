import {
  DeleteWebhookDocument,
  RegisterWebhookDocument,
  RetryFailedWebhookDeliveriesDocument,
  WebhookDeliveryStatusDocument,
  WebhooksDocument,
} from '../generated/graphql';
import type { Session } from '../transport/session';

/**
 * Ministry webhooks (docs/webhooks.md). A ministry system acting with its API
 * credential (`session.useApiCredential`, WEBHOOKS_MANAGE) registers, lists
 * and deletes its own; Secretariat administrators see the deliveries counted
 * and retry the failed ones. Verify what arrives with `verifyWebhook`.
 */
export class WebhooksClient {
  constructor(private readonly session: Session) {}

  /** An HTTPS URL resolving to public addresses only. The signing secret is returned once: keep it. */
  async register(url: string) {
    return (await this.session.request(RegisterWebhookDocument, { url })).registerWebhook;
  }

  async list() {
    return (await this.session.request(WebhooksDocument, {})).webhooks;
  }

  /** Deletes one of the credential's webhooks and its pending deliveries; returns its id. */
  async delete(id: string): Promise<string> {
    return (await this.session.request(DeleteWebhookDocument, { id })).deleteWebhook;
  }

  async deliveryStatus() {
    return (await this.session.request(WebhookDeliveryStatusDocument, {})).webhookDeliveryStatus;
  }

  /** Puts every failed delivery back in line; returns how many. */
  async retryFailed(): Promise<number> {
    return (await this.session.request(RetryFailedWebhookDeliveriesDocument, {}))
      .retryFailedWebhookDeliveries;
  }
}
