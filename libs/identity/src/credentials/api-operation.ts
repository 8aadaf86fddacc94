import { registerEnumType } from '@nestjs/graphql';

/**
 * What a ministry system may do with an API credential. An operation that a
 * credential may call says so with `@AllowApiCredential(ApiOperation.…)`;
 * everything else is refused to credentials.
 */
export enum ApiOperation {
  DIRECTORY_READ = 'DIRECTORY_READ',
  MESSAGES_READ = 'MESSAGES_READ',
  MESSAGES_SEND = 'MESSAGES_SEND',
  ATTACHMENTS = 'ATTACHMENTS',
  WEBHOOKS_MANAGE = 'WEBHOOKS_MANAGE',
}

export const API_OPERATIONS: readonly ApiOperation[] = Object.values(ApiOperation);

export const isApiOperation = (value: string): value is ApiOperation =>
  (API_OPERATIONS as readonly string[]).includes(value);

registerEnumType(ApiOperation, {
  name: 'ApiOperation',
  description: 'What a ministry system may do with an API credential.',
  valuesMap: {
    DIRECTORY_READ: { description: 'Read the directory of its state and networks.' },
    MESSAGES_READ: { description: 'Read messages addressed to it.' },
    MESSAGES_SEND: { description: 'Send messages.' },
    ATTACHMENTS: { description: 'Upload and download encrypted attachments.' },
    WEBHOOKS_MANAGE: { description: 'Register and change its webhooks.' },
  },
});
