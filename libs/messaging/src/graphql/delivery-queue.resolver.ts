import { Context, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Request } from 'express';
import { RequireRoles } from '@fpn/core';
import { CurrentPrincipal, originOf, type Principal, Role } from '@fpn/identity';
import { DeliveryQueue } from '../delivery/delivery-queue.service';
import { DeliveryQueueStatusModel } from './messaging.models';

/** Operators: the delivery queue counted, and failed deliveries queued again. */
@Resolver()
export class DeliveryQueueResolver {
  constructor(private readonly queue: DeliveryQueue) {}

  @Query(() => DeliveryQueueStatusModel, {
    description:
      'Secretariat administrators: messages whose delivery jobs exhausted their retries, and those waiting — counts, never content.',
  })
  @RequireRoles(Role.SECRETARIAT_ADMIN)
  deliveryQueueStatus(): Promise<DeliveryQueueStatusModel> {
    return this.queue.counts();
  }

  @Mutation(() => Int, {
    description:
      'Secretariat administrators: put failed deliveries back in the queue; returns how many.',
  })
  @RequireRoles(Role.SECRETARIAT_ADMIN)
  retryFailedDeliveries(
    @CurrentPrincipal() principal: Principal,
    @Context('req') request: Request,
  ): Promise<number> {
    return this.queue.retryFailed(principal, originOf(request));
  }
}
