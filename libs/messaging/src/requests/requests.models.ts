import {
  Field,
  Float,
  InputType,
  Int,
  ObjectType,
  OmitType,
  registerEnumType,
} from '@nestjs/graphql';
import { RequestStateStatus } from './request-status';

registerEnumType(RequestStateStatus, {
  name: 'RequestStateStatus',
  description:
    'Where a request stands in one addressed state: OPEN, ACKNOWLEDGED (someone of the state acknowledged), ANSWERED (a reply flagged as the answer; see answeredOnTime), OVERDUE (due date passed unanswered), CLOSED (the sender closed it unanswered).',
});

@ObjectType('RequestState', { description: 'A request in one addressed member state.' })
export class RequestStateModel {
  @Field()
  memberStateCode!: string;

  @Field(() => RequestStateStatus)
  status!: RequestStateStatus;

  @Field(() => Date, {
    nullable: true,
    description: 'When someone of the state first acknowledged it.',
  })
  acknowledgedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  answeredAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description: "The state's answer (a reply in the thread).",
  })
  answerMessageId!: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Answered by the due date; null while unanswered.',
  })
  answeredOnTime!: boolean | null;

  @Field(() => Date, { nullable: true, description: 'The reminder before the due date.' })
  remindedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'The notice at the due date.' })
  overdueNotifiedAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: "When it was raised to the state's alternates and coordinators, unacknowledged.",
  })
  escalatedAt!: Date | null;
}

@ObjectType('RequestForAssistance', {
  description: 'A request for assistance: its due date and where it stands per addressed state.',
})
export class RequestModel {
  @Field({ description: 'The request message.' })
  messageId!: string;

  @Field()
  networkKey!: string;

  @Field()
  directlyAccessible!: boolean;

  @Field(() => Date)
  sentAt!: Date;

  @Field(() => Date)
  dueAt!: Date;

  @Field({
    description:
      "The due date is the one the sender signed in the envelope, not the network's policy.",
  })
  dueChosenBySender!: boolean;

  @Field(() => Date, { nullable: true })
  closedAt!: Date | null;

  @Field(() => [RequestStateModel], {
    description:
      'Every addressed state for the sender and the Secretariat; your own state for its addressed people and coordinators.',
  })
  states!: RequestStateModel[];
}

@ObjectType('NetworkRequestPolicy', {
  description:
    "A network's request deadlines and escalation times, in minutes (defaults: urgent and directly accessible 8 h, urgent otherwise 3 days, else 7 days; escalation 30 min flash, 2 h urgent, 24 h a routine request).",
})
export class NetworkRequestPolicyModel {
  @Field()
  networkKey!: string;

  @Field({ description: 'False while the defaults apply.' })
  custom!: boolean;

  @Field(() => Int)
  urgentDirectMinutes!: number;

  @Field(() => Int)
  urgentIndirectMinutes!: number;

  @Field(() => Int)
  routineMinutes!: number;

  @Field(() => Int)
  flashEscalationMinutes!: number;

  @Field(() => Int)
  urgentEscalationMinutes!: number;

  @Field(() => Int)
  requestEscalationMinutes!: number;
}

@InputType('NetworkRequestPolicyInput', {
  description: 'Every time in minutes: deadlines up to a year, escalation times up to a week.',
})
export class NetworkRequestPolicyInput extends OmitType(
  NetworkRequestPolicyModel,
  ['networkKey', 'custom'] as const,
  InputType,
) {}

@ObjectType('StateResponseStatistics', {
  description: 'One network and member state over a period: counts and durations, never content.',
})
export class StateResponseStatisticsModel {
  @Field()
  networkKey!: string;

  @Field()
  memberStateCode!: string;

  @Field(() => Int, { description: 'Messages the state sent in the network.' })
  messagesSent!: number;

  @Field(() => Int, { description: 'Of those, requests for assistance.' })
  requestsSent!: number;

  @Field(() => Int, { description: 'Requests addressed to the state.' })
  requestsReceived!: number;

  @Field(() => Int)
  requestsAnswered!: number;

  @Field(() => Int)
  requestsAnsweredOnTime!: number;

  @Field(() => Float, { nullable: true, description: 'Answered on time ÷ received (0 to 1).' })
  shareAnsweredOnTime!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: '80 % of the answered requests were answered within this many seconds.',
  })
  secondsToAnswer80Percent!: number | null;
}
