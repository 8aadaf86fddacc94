import { Args, Context, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { AllowApiCredential, Authenticated } from '@fpn/core';
import { ApiOperation, type AuthenticatedRequest } from '@fpn/identity';
import { messagingCallerOf } from '../caller/messaging-caller';
import { MessageReader } from '../reading/message-reader.service';
import { MessagePageModel, MessageModel, ThreadModel } from './messaging.models';

/** A thread's messages: those the caller may read, oldest first. */
@Resolver(() => ThreadModel)
export class ThreadMessagesResolver {
  constructor(private readonly reader: MessageReader) {}

  @ResolveField(() => MessagePageModel, { description: 'Oldest first.' })
  @Authenticated()
  @AllowApiCredential(ApiOperation.MESSAGES_READ)
  async messages(
    @Parent() thread: ThreadModel,
    @Context('req') request: AuthenticatedRequest,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<MessagePageModel> {
    const page = await this.reader.threadMessages(messagingCallerOf(request), thread.id, {
      first: first ?? 50,
      after,
    });
    return { ...page, items: page.items.map(MessageModel.fromEntity) };
  }
}
