import { clientCommand, openClient, type ClientOptions } from './client-context';
import { columns } from './requests.commands';

/*
 * Registering, listing and deleting webhooks is a ministry system's own
 * business: run those with its API credential in FPN_API_CREDENTIAL. The
 * delivery figures and retries are for Secretariat administrators.
 */

export const webhooksRegisterCommand = clientCommand<ClientOptions>({
  name: 'webhooks register',
  summary: 'a ministry system (FPN_API_CREDENTIAL): receive its messages at an HTTPS URL',
  define: (cmd) => cmd.argument('<url>', 'https://… resolving to public addresses only'),
  async run(options, context, [url]) {
    const client = await openClient(options, context);
    const { webhook, secret } = await client.webhooks.register(url);
    return {
      data: { webhook, secret },
      lines: [
        `Registered webhook ${webhook.id} → ${webhook.url}`,
        `Signing secret (shown once; verify each POST with it): ${secret}`,
      ],
    };
  },
});

export const webhooksListCommand = clientCommand<ClientOptions>({
  name: 'webhooks list',
  summary: 'a ministry system (FPN_API_CREDENTIAL): its webhooks and their deliveries',
  async run(options, context) {
    const client = await openClient(options, context);
    const hooks = await client.webhooks.list();
    return {
      data: hooks,
      lines: hooks.length
        ? columns([
            ['id', 'url', 'pending', 'failed', 'last error'],
            ...hooks.map((hook) => [
              hook.id,
              hook.url,
              String(hook.pendingDeliveries),
              String(hook.failedDeliveries),
              hook.lastError ?? '',
            ]),
          ])
        : ['No webhooks.'],
    };
  },
});

export const webhooksDeleteCommand = clientCommand<ClientOptions>({
  name: 'webhooks delete',
  summary: 'a ministry system (FPN_API_CREDENTIAL): stop sending to a webhook',
  define: (cmd) => cmd.argument('<id>', 'the webhook'),
  async run(options, context, [id]) {
    const client = await openClient(options, context);
    const deleted = await client.webhooks.delete(id);
    return { data: { deleted }, lines: [`Deleted webhook ${deleted}.`] };
  },
});

export const webhooksStatusCommand = clientCommand<ClientOptions>({
  name: 'webhooks status',
  summary: 'Secretariat administrators: webhook deliveries pending, delivered and failed',
  async run(options, context) {
    const client = await openClient(options, context);
    const status = await client.webhooks.deliveryStatus();
    return {
      data: status,
      lines: [
        `pending ${status.pending}${status.oldestPendingSince ? ` (oldest since ${status.oldestPendingSince})` : ''}, delivered ${status.delivered}, failed ${status.failed}`,
        ...status.failedByError.map((row) => `  failed with ${row.error}: ${row.count}`),
      ],
    };
  },
});

export const webhooksRetryFailedCommand = clientCommand<ClientOptions>({
  name: 'webhooks retry-failed',
  summary: 'Secretariat administrators: try every failed webhook delivery again',
  async run(options, context) {
    const client = await openClient(options, context);
    const retried = await client.webhooks.retryFailed();
    return { data: { retried }, lines: [`${retried} deliveries back in line.`] };
  },
});
