import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('Webhook', {
  description:
    "A ministry system's webhook: where the worker POSTs the messages for its bound device (docs/webhooks.md).",
})
export class WebhookModel {
  @Field(() => ID)
  id!: string;

  @Field()
  url!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Int, { description: 'Deliveries still being tried.' })
  pendingDeliveries!: number;

  @Field(() => Int, { description: 'Deliveries that gave up after the retry window.' })
  failedDeliveries!: number;

  @Field(() => String, {
    nullable: true,
    description: 'The class of the latest failed attempt (HTTP_500, TIMEOUT, PRIVATE_TARGET…).',
  })
  lastError!: string | null;
}

@ObjectType('RegisteredWebhook')
export class RegisteredWebhookModel {
  @Field(() => WebhookModel)
  webhook!: WebhookModel;

  @Field({
    description:
      'The HMAC-SHA256 key of the signatures: shown this once, kept only sealed on the server.',
  })
  secret!: string;
}

@ObjectType('WebhookErrorCount')
export class WebhookErrorCountModel {
  @Field({ description: 'The class of the last error (HTTP_500, TIMEOUT, PRIVATE_TARGET…).' })
  error!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType('WebhookDeliveryStatus', {
  description: 'Webhook deliveries counted: never content, never addresses.',
})
export class WebhookDeliveryStatusModel {
  @Field(() => Int)
  pending!: number;

  @Field(() => Int)
  failed!: number;

  @Field(() => Int)
  delivered!: number;

  @Field(() => Date, { nullable: true })
  oldestPendingSince!: Date | null;

  @Field(() => [WebhookErrorCountModel])
  failedByError!: WebhookErrorCountModel[];
}
