import { applyDecorators } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Request } from 'express';
import { AllowApiCredential, RequireRoles } from '@fpn/core';
import {
  ApiOperation,
  type AuthenticatedApiCredential,
  CurrentCredential,
  CurrentPrincipal,
  originOf,
  type Principal,
  Role,
} from '@fpn/identity';
import { WebhookOperations } from './webhook-operations.service';
import { Webhooks } from './webhooks.service';
import {
  RegisteredWebhookModel,
  WebhookDeliveryStatusModel,
  WebhookModel,
} from './webhooks.models';

/** What only a credential may do: no role is allowed, so a signed-in person is refused. */
const WebhookManager = () =>
  applyDecorators(RequireRoles(), AllowApiCredential(ApiOperation.WEBHOOKS_MANAGE));

/**
 * Ministry webhooks (docs/webhooks.md): an API credential with WEBHOOKS_MANAGE
 * manages its own; Secretariat administrators see deliveries counted and
 * retry the failed ones.
 */
@Resolver()
export class WebhooksResolver {
  constructor(
    private readonly registry: Webhooks,
    private readonly operations: WebhookOperations,
  ) {}

  @Mutation(() => RegisteredWebhookModel, {
    description:
      'API credentials with WEBHOOKS_MANAGE and a bound device: register an https:// address for the messages to that device. Every address the host resolves to must be public (BAD_USER_INPUT, reason PRIVATE_TARGET otherwise). The secret is shown once.',
  })
  @WebhookManager()
  registerWebhook(
    @CurrentCredential() credential: AuthenticatedApiCredential,
    @Args('url') url: string,
    @Context('req') request: Request,
  ): Promise<RegisteredWebhookModel> {
    return this.registry.register(credential, url, originOf(request));
  }

  @Query(() => [WebhookModel], {
    description: "API credentials with WEBHOOKS_MANAGE: the credential's own webhooks.",
  })
  @WebhookManager()
  webhooks(@CurrentCredential() credential: AuthenticatedApiCredential): Promise<WebhookModel[]> {
    return this.registry.list(credential);
  }

  @Mutation(() => ID, {
    description:
      'API credentials with WEBHOOKS_MANAGE: delete one of its webhooks and its deliveries; returns its id.',
  })
  @WebhookManager()
  deleteWebhook(
    @CurrentCredential() credential: AuthenticatedApiCredential,
    @Args('id', { type: () => ID }) id: string,
    @Context('req') request: Request,
  ): Promise<string> {
    return this.registry.delete(credential, id, originOf(request));
  }

  @Query(() => WebhookDeliveryStatusModel, {
    description:
      'Secretariat administrators: webhook deliveries pending, delivered and failed (by error class) — counts, never content.',
  })
  @RequireRoles(Role.SECRETARIAT_ADMIN)
  webhookDeliveryStatus(): Promise<WebhookDeliveryStatusModel> {
    return this.operations.counts();
  }

  @Mutation(() => Int, {
    description:
      'Secretariat administrators: try failed webhook deliveries again, with a new retry window; returns how many.',
  })
  @RequireRoles(Role.SECRETARIAT_ADMIN)
  retryFailedWebhookDeliveries(
    @CurrentPrincipal() principal: Principal,
    @Context('req') request: Request,
  ): Promise<number> {
    return this.operations.retryFailed(principal, originOf(request));
  }
}
