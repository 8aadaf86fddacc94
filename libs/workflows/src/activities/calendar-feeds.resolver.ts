import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Request } from 'express';
import { Authenticated } from '@fpn/core';
import { CurrentPrincipal, originOf, type Principal } from '@fpn/identity';
import { CalendarFeedModel, CreatedCalendarFeedModel } from './activities.types';
import { CalendarFeeds } from './calendar-feeds.service';

/** Everyone's own calendar subscriptions. */
@Resolver()
export class CalendarFeedsResolver {
  constructor(private readonly feeds: CalendarFeeds) {}

  @Mutation(() => CreatedCalendarFeedModel, {
    description:
      'A calendar address for yourself: one network (one you see) or, without `networkKey`, ' +
      'every network you see. The address is shown once; at most 20 feeds at a time.',
  })
  @Authenticated()
  async createCalendarFeed(
    @CurrentPrincipal() principal: Principal,
    @Args('networkKey', { type: () => String, nullable: true }) networkKey: string | null,
    @Context('req') request: Request,
  ): Promise<CreatedCalendarFeedModel> {
    const created = await this.feeds.create(principal, networkKey, originOf(request));
    return Object.assign(new CreatedCalendarFeedModel(), {
      feed: CalendarFeedModel.fromView(created),
      url: created.url,
    });
  }

  @Query(() => [CalendarFeedModel], { description: 'Your calendar feeds, newest first.' })
  @Authenticated()
  async calendarFeeds(@CurrentPrincipal() principal: Principal): Promise<CalendarFeedModel[]> {
    return (await this.feeds.list(principal)).map(CalendarFeedModel.fromView);
  }

  @Mutation(() => CalendarFeedModel, {
    description: 'Revoke one of your calendar feeds: its address answers 404 from now on.',
  })
  @Authenticated()
  async revokeCalendarFeed(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Context('req') request: Request,
  ): Promise<CalendarFeedModel> {
    return CalendarFeedModel.fromView(await this.feeds.revoke(principal, id, originOf(request)));
  }
}
