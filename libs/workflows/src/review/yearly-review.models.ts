import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import type { YearlyReview } from './yearly-review.types';

@ObjectType('ReviewHeldActivity', {
  description: 'A held activity of the year and how many member states took part.',
})
export class ReviewHeldActivityModel {
  @Field(() => ID)
  activityId!: string;

  @Field({ description: 'meeting, seminar or training.' })
  kind!: string;

  @Field()
  titleEn!: string;

  @Field()
  titleRu!: string;

  @Field()
  startsAt!: Date;

  @Field(() => Int)
  participatingStates!: number;
}

@ObjectType('ReviewActivities', {
  description: "A network's activities starting in the year, by status and (held) by kind.",
})
export class ReviewActivitiesModel {
  @Field(() => Int)
  held!: number;

  @Field(() => Int)
  heldMeetings!: number;

  @Field(() => Int)
  heldSeminars!: number;

  @Field(() => Int)
  heldTrainings!: number;

  @Field(() => Int, { description: 'Still planned: neither held nor cancelled.' })
  planned!: number;

  @Field(() => Int)
  cancelled!: number;

  @Field(() => [ReviewHeldActivityModel], { description: 'The held activities, by start.' })
  heldActivities!: ReviewHeldActivityModel[];
}

@ObjectType('ReviewStateParticipation', {
  description: 'How many of the held activities a member state took part in.',
})
export class ReviewStateParticipationModel {
  @Field()
  memberStateCode!: string;

  @Field(() => Int)
  heldActivitiesAttended!: number;
}

@ObjectType('ReviewStateRoster', {
  description: "One member state's active entries in the network, and how fresh they are.",
})
export class ReviewStateRosterModel {
  @Field()
  memberStateCode!: string;

  @Field(() => Int)
  activeEntries!: number;

  @Field({ description: 'An active primary focal point is named.' })
  activePrimary!: boolean;

  @Field({ description: 'At least one active alternate is named.' })
  alternatePresent!: boolean;

  @Field(() => Int, { description: 'Confirmed within their confirmation interval.' })
  confirmedEntries!: number;

  @Field(() => Int, { description: 'Past their confirmation due date.' })
  staleEntries!: number;
}

@ObjectType('ReviewRoster', {
  description: "The network's roster completeness and freshness, at `rosterAsOf`.",
})
export class ReviewRosterModel {
  @Field(() => Int)
  statesWithPrimary!: number;

  @Field(() => Int)
  statesWithAlternate!: number;

  @Field(() => Int, { description: 'States with an active primary and an active alternate.' })
  statesComplete!: number;

  @Field(() => Int)
  activeEntries!: number;

  @Field(() => Int)
  confirmedEntries!: number;

  @Field(() => Int)
  staleEntries!: number;

  @Field(() => [ReviewStateRosterModel], { description: 'Every member state, by code.' })
  states!: ReviewStateRosterModel[];
}

@ObjectType('ReviewMessagesByCategory')
export class ReviewMessagesByCategoryModel {
  @Field(() => Int)
  informationExchange!: number;

  @Field(() => Int)
  alert!: number;

  @Field(() => Int)
  requestForAssistance!: number;

  @Field(() => Int)
  bestPractice!: number;

  @Field(() => Int)
  notice!: number;
}

@ObjectType('ReviewMessagesByPriority')
export class ReviewMessagesByPriorityModel {
  @Field(() => Int)
  routine!: number;

  @Field(() => Int)
  urgent!: number;

  @Field(() => Int)
  flash!: number;
}

@ObjectType('ReviewMessages', {
  description: 'Messages sent in the network in the year: counts of visible metadata only.',
})
export class ReviewMessagesModel {
  @Field(() => Int)
  total!: number;

  @Field(() => ReviewMessagesByCategoryModel)
  byCategory!: ReviewMessagesByCategoryModel;

  @Field(() => ReviewMessagesByPriorityModel)
  byPriority!: ReviewMessagesByPriorityModel;
}

@ObjectType('ReviewRequests', {
  description:
    'Requests for assistance sent in the network in the year, and the addressed states’ answers.',
})
export class ReviewRequestsModel {
  @Field(() => Int)
  requests!: number;

  @Field(() => Int, { description: 'Addressed states over those requests.' })
  requestsReceived!: number;

  @Field(() => Int)
  requestsAnswered!: number;

  @Field(() => Int)
  requestsAnsweredOnTime!: number;

  @Field(() => Float, { nullable: true, description: 'Answered on time ÷ received (0 to 1).' })
  shareAnsweredOnTime!: number | null;

  @Field(() => Float, { nullable: true, description: 'Median hours from sending to an answer.' })
  medianHoursToAnswer!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: '80 % of the answers came within this many hours.',
  })
  hoursToAnswer80Percent!: number | null;
}

@ObjectType('NetworkYearlyReview', { description: "One network's year." })
export class NetworkYearlyReviewModel {
  @Field()
  networkKey!: string;

  @Field()
  nameEn!: string;

  @Field()
  nameRu!: string;

  @Field(() => ReviewActivitiesModel)
  activities!: ReviewActivitiesModel;

  @Field(() => [ReviewStateParticipationModel], { description: 'Every member state, by code.' })
  participation!: ReviewStateParticipationModel[];

  @Field(() => ReviewRosterModel)
  roster!: ReviewRosterModel;

  @Field(() => ReviewMessagesModel)
  messages!: ReviewMessagesModel;

  @Field(() => ReviewRequestsModel)
  requests!: ReviewRequestsModel;
}

@ObjectType('YearlyReview', {
  description:
    'The yearly review for the Special Working Group and the Senior Officials Committee: counts only, never content.',
})
export class YearlyReviewModel {
  @Field(() => Int)
  year!: number;

  @Field({ description: "The Secretariat seat's time zone the year is counted in." })
  timeZone!: string;

  @Field({ description: '1 January 00:00 at the seat.' })
  from!: Date;

  @Field({ description: '1 January 00:00 of the next year at the seat (exclusive).' })
  to!: Date;

  @Field({ description: 'The roster figures are a snapshot at this moment.' })
  rosterAsOf!: Date;

  @Field(() => [NetworkYearlyReviewModel])
  networks!: NetworkYearlyReviewModel[];
}

/** The GraphQL shape of a review (camel-case names for the stored metadata values). */
export function yearlyReviewModel(review: YearlyReview): YearlyReviewModel {
  return {
    year: review.year,
    timeZone: review.timeZone,
    from: review.from,
    to: review.to,
    rosterAsOf: review.rosterAsOf,
    networks: review.networks.map((network) => ({
      ...network,
      messages: {
        total: network.messages.total,
        byCategory: {
          informationExchange: network.messages.byCategory.information_exchange,
          alert: network.messages.byCategory.alert,
          requestForAssistance: network.messages.byCategory.request_for_assistance,
          bestPractice: network.messages.byCategory.best_practice,
          notice: network.messages.byCategory.notice,
        },
        byPriority: { ...network.messages.byPriority },
      },
    })),
  };
}
