import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import { AllowApiCredential, Authenticated } from '@fpn/core';
import { ApiOperation } from '@fpn/identity';
import { DataSource } from 'typeorm';
import { MessageAttachmentModel, MessageModel } from './messaging.models';
import { knownFieldsOf, oncePerMessage } from './live-message-model';

/**
 * A message's attachments as visible metadata: ids and encrypted sizes, in
 * the order the sender named them. Whoever may read the message may see them
 * (and download them: GET /attachments/{id}).
 */
@Resolver(() => MessageModel)
export class MessageAttachmentsResolver {
  /** One DataLoader per request (a page of messages costs one query), batching without a cache. */
  private readonly loaders = new WeakMap<object, DataLoader<string, MessageAttachmentModel[]>>();
  /** A live message's devices share one lookup (liveMessageModel). */
  private readonly perMessage = new WeakMap<MessageModel, Promise<MessageAttachmentModel[]>>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @ResolveField(() => [MessageAttachmentModel], {
    description: 'Encrypted attachments: id and blob size (name, type and key are in the body).',
  })
  @Authenticated()
  @AllowApiCredential(ApiOperation.MESSAGES_READ, ApiOperation.MESSAGES_SEND)
  async attachments(
    @Parent() message: MessageModel,
    @Context('req') request: object,
  ): Promise<MessageAttachmentModel[]> {
    const known = knownFieldsOf(message)?.attachments;
    if (known) return known;
    let loader = this.loaders.get(request);
    if (!loader) {
      loader = new DataLoader(
        async (ids: readonly string[]) => {
          const rows = await this.dataSource.query<
            { id: string; message_id: string; declared_length: string }[]
          >(
            `SELECT id, message_id, declared_length FROM attachment
              WHERE message_id = ANY($1::varchar[]) ORDER BY message_position`,
            [[...ids]],
          );
          const byMessage = new Map<string, MessageAttachmentModel[]>();
          for (const row of rows) {
            const list = byMessage.get(row.message_id) ?? [];
            list.push({ id: row.id, size: Number(row.declared_length) });
            byMessage.set(row.message_id, list);
          }
          return ids.map((id) => byMessage.get(id) ?? []);
        },
        { cache: false },
      );
      this.loaders.set(request, loader);
    }
    const requestLoader = loader;
    return oncePerMessage(this.perMessage, message, () => requestLoader.load(message.id));
  }
}
