import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { NetworkModel } from '../networks/network.model';
import type { AcknowledgementView } from './communication-checks.service';
import type { CheckPage, CheckView, StateResultView } from './communication-check-reader.service';

export enum CommunicationCheckStatus {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}

/** A state's result; PENDING only while the check is open and the state has not acknowledged. */
export enum CommunicationCheckOutcome {
  PENDING = 'PENDING',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  LATE = 'LATE',
  SILENT = 'SILENT',
}

registerEnumType(CommunicationCheckStatus, { name: 'CommunicationCheckStatus' });
registerEnumType(CommunicationCheckOutcome, {
  name: 'CommunicationCheckOutcome',
  description:
    "A state's result: ACKNOWLEDGED when at least one of its focal points acknowledged by the " +
    'deadline, LATE when only after it, SILENT when none did; PENDING while the check is open.',
});

@ObjectType('CommunicationCheckStateResult')
export class CommunicationCheckStateResultModel {
  @Field()
  memberStateCode!: string;

  @Field(() => CommunicationCheckOutcome)
  outcome!: CommunicationCheckOutcome;

  @Field(() => Int, { description: "The state's focal points asked." })
  expected!: number;

  @Field(() => Int)
  acknowledgedInTime!: number;

  @Field(() => Int)
  acknowledgedLate!: number;

  static fromView(view: StateResultView): CommunicationCheckStateResultModel {
    return Object.assign(new CommunicationCheckStateResultModel(), {
      ...view,
      outcome: view.outcome.toUpperCase() as CommunicationCheckOutcome,
    });
  }
}

@ObjectType('CommunicationCheckAcknowledgement', {
  description: "A focal point's answer to a check.",
})
export class CommunicationCheckAcknowledgementModel {
  @Field(() => ID)
  checkId!: string;

  @Field(() => ID)
  focalPointId!: string;

  @Field(() => Date, { nullable: true, description: 'Null until acknowledged.' })
  acknowledgedAt!: Date | null;

  @Field({ description: 'Acknowledged after the deadline.' })
  late!: boolean;

  static fromView(view: AcknowledgementView): CommunicationCheckAcknowledgementModel {
    return Object.assign(new CommunicationCheckAcknowledgementModel(), view);
  }
}

@ObjectType('CommunicationCheck', {
  description: 'A check that every active focal point of a network can be reached.',
})
export class CommunicationCheckModel {
  @Field(() => ID)
  id!: string;

  @Field(() => NetworkModel)
  network!: NetworkModel;

  @Field()
  startedAt!: Date;

  @Field({ description: 'Acknowledgements up to here are in time.' })
  deadline!: Date;

  @Field({ description: 'Later acknowledgements are taken, as late, until here.' })
  acceptsLateUntil!: Date;

  @Field(() => CommunicationCheckStatus)
  status!: CommunicationCheckStatus;

  @Field(() => Date, { nullable: true, description: 'When the results were recorded.' })
  closedAt!: Date | null;

  @Field(() => [CommunicationCheckStateResultModel], {
    description:
      "Per state: every state for the Secretariat, a coordinator's own state, none for focal points.",
  })
  results!: CommunicationCheckStateResultModel[];

  @Field(() => CommunicationCheckAcknowledgementModel, {
    nullable: true,
    description: 'Your own acknowledgement, when your directory entry is expected in the check.',
  })
  myAcknowledgement!: CommunicationCheckAcknowledgementModel | null;

  static fromView(view: CheckView): CommunicationCheckModel {
    return Object.assign(new CommunicationCheckModel(), {
      id: view.id,
      network: NetworkModel.fromEntity(view.network),
      startedAt: view.startedAt,
      deadline: view.deadline,
      acceptsLateUntil: view.acceptsLateUntil,
      status: view.closedAt ? CommunicationCheckStatus.CLOSED : CommunicationCheckStatus.OPEN,
      closedAt: view.closedAt,
      results: view.results.map(CommunicationCheckStateResultModel.fromView),
      myAcknowledgement: view.myAcknowledgement
        ? CommunicationCheckAcknowledgementModel.fromView(view.myAcknowledgement)
        : null,
    });
  }
}

@ObjectType('CommunicationCheckPage')
export class CommunicationCheckPageModel {
  @Field(() => [CommunicationCheckModel], { description: 'Newest first.' })
  checks!: CommunicationCheckModel[];

  @Field(() => String, {
    nullable: true,
    description: 'Pass as `after` for the next page; null at the end.',
  })
  nextCursor!: string | null;

  static fromPage(page: CheckPage): CommunicationCheckPageModel {
    return Object.assign(new CommunicationCheckPageModel(), {
      checks: page.checks.map(CommunicationCheckModel.fromView),
      nextCursor: page.nextCursor,
    });
  }
}
