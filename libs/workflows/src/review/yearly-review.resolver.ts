import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { RequireRoles } from '@fpn/core';
import { CurrentPrincipal, type Principal, Role } from '@fpn/identity';
import { yearlyReviewModel, YearlyReviewModel } from './yearly-review.models';
import { YearlyReviews } from './yearly-reviews.service';

/** The yearly review over GraphQL; the files are `GET /reports/yearly-review/:year.(csv|pdf)`. */
@Resolver()
export class YearlyReviewResolver {
  constructor(private readonly reviews: YearlyReviews) {}

  @Query(() => YearlyReviewModel, {
    description:
      "The yearly review of a calendar year at the Secretariat's seat, per network (or one): activities held and participation, roster completeness and freshness, messages and requests with response times — counts only, never content. The Secretariat and the states' coordinators.",
  })
  @RequireRoles(Role.SECRETARIAT_ADMIN, Role.SECRETARIAT_OFFICER, Role.STATE_COORDINATOR)
  async yearlyReview(
    @CurrentPrincipal() principal: Principal,
    @Args('year', { type: () => Int }) year: number,
    @Args('networkKey', { type: () => String, nullable: true }) networkKey: string | null,
  ): Promise<YearlyReviewModel> {
    return yearlyReviewModel(await this.reviews.review(principal.user, year, networkKey ?? null));
  }
}
