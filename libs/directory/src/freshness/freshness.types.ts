import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { EntryFreshnessView } from './entry-confirmations.service';
import { FreshnessState } from './freshness-rules';
import type { StalenessLine } from './staleness-report.service';

registerEnumType(FreshnessState, {
  name: 'FreshnessState',
  description: 'Where a directory entry stands in its confirmation cycle.',
});

@ObjectType('EntryFreshness', {
  description:
    "A directory entry's confirmation cycle: due at the last confirmation plus the shortest confirmation interval of its networks.",
})
export class EntryFreshnessModel {
  @Field(() => ID)
  focalPointId!: string;

  @Field()
  memberStateCode!: string;

  @Field()
  lastConfirmedAt!: Date;

  @Field()
  confirmationDueAt!: Date;

  @Field(() => FreshnessState)
  state!: FreshnessState;

  @Field(() => Date, { nullable: true, description: 'When the reminder went out, this cycle.' })
  remindedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  staleSince!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: "When the state's coordinators were asked to act.",
  })
  escalatedAt!: Date | null;

  static fromView(view: EntryFreshnessView): EntryFreshnessModel {
    return Object.assign(new EntryFreshnessModel(), view);
  }
}

@ObjectType('StalenessReportLine', {
  description: "One state's active entries in one network (or in none): how fresh they are.",
})
export class StalenessReportLineModel {
  @Field()
  memberStateCode!: string;

  @Field(() => String, { nullable: true, description: 'Null for entries in no network.' })
  networkKey!: string | null;

  @Field(() => Int, { description: 'Active entries.' })
  entries!: number;

  @Field(() => Int, { description: 'Reminded that their confirmation is due, not yet stale.' })
  dueSoon!: number;

  @Field(() => Int, { description: 'Past their due date, escalated or not.' })
  stale!: number;

  @Field(() => Int, { description: "Stale, and escalated to the state's coordinators." })
  escalated!: number;

  @Field({ description: 'The oldest last confirmation among them.' })
  oldestConfirmation!: Date;

  static fromLine(line: StalenessLine): StalenessReportLineModel {
    return Object.assign(new StalenessReportLineModel(), line);
  }
}
