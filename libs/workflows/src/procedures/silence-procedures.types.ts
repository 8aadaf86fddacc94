import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { NoteKind } from '../notes';
import { SilenceProcedureStatus, SilenceStanding, SilenceStatementKind } from './procedure-kinds';
import type {
  ProcedureNoteView,
  ProcedureView,
  StateStandingView,
  StatementView,
} from './silence-procedure-reader.service';

registerEnumType(SilenceProcedureStatus, {
  name: 'SilenceProcedureStatus',
  description:
    'OPEN until the deadline; then APPROVED (silence kept) or NOT_ADOPTED (a state’s objection or amendment stood); WITHDRAWN by the Secretariat.',
});
registerEnumType(SilenceStatementKind, {
  name: 'SilenceStatementKind',
  description:
    'CONCURRENCE; OBJECTION or AMENDMENT break silence (a reason is required: the objection, or the amendment proposed); WITHDRAWAL withdraws the state’s standing objection or amendment.',
});
registerEnumType(SilenceStanding, {
  name: 'SilenceStanding',
  description:
    "A state's position from its latest statement: SILENT (nothing said, or withdrawn), CONCURRED, OBJECTED, AMENDMENT_PROPOSED.",
});

@ObjectType('SilenceStatement', {
  description: 'What a state said, through one of its coordinators.',
})
export class SilenceStatementModel {
  @Field(() => ID)
  id!: string;

  @Field()
  memberStateCode!: string;

  @Field(() => SilenceStatementKind)
  kind!: SilenceStatementKind;

  @Field(() => String, {
    nullable: true,
    description: 'The objection’s reasons, or the proposed amendment.',
  })
  reason!: string | null;

  @Field(() => ID, { description: 'The coordinator’s account.' })
  madeBy!: string;

  @Field(() => Date)
  madeAt!: Date;

  static fromView(view: StatementView): SilenceStatementModel {
    return Object.assign(new SilenceStatementModel(), view);
  }
}

@ObjectType('SilenceStateStanding', { description: "One member state's position." })
export class SilenceStateStandingModel {
  @Field()
  memberStateCode!: string;

  @Field(() => SilenceStanding)
  standing!: SilenceStanding;

  @Field(() => SilenceStatementModel, {
    nullable: true,
    description: 'The statement that stands (the latest); null while the state said nothing.',
  })
  latest!: SilenceStatementModel | null;

  static fromView(view: StateStandingView): SilenceStateStandingModel {
    return Object.assign(new SilenceStateStandingModel(), {
      ...view,
      latest: view.latest ? SilenceStatementModel.fromView(view.latest) : null,
    });
  }
}

@ObjectType('SilenceProcedureNote', { description: 'A numbered note issued for a procedure.' })
export class SilenceProcedureNoteModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'The reference, e.g. `NCT/G/35`.' })
  reference!: string;

  @Field(() => NoteKind, {
    description: 'SILENCE_CIRCULATION, SILENCE_EXTENSION, SILENCE_WITHDRAWAL or SILENCE_OUTCOME.',
  })
  kind!: NoteKind;

  @Field({ description: 'The date at the seat (YYYY-MM-DD).' })
  dated!: string;

  @Field(() => Date)
  issuedAt!: Date;

  static fromView(view: ProcedureNoteView): SilenceProcedureNoteModel {
    return Object.assign(new SilenceProcedureNoteModel(), view);
  }
}

@ObjectType('SilenceProcedure', {
  description:
    'A draft circulated under silence procedure: approved at the deadline unless a member state broke silence.',
})
export class SilenceProcedureModel {
  @Field(() => ID)
  id!: string;

  @Field()
  titleEn!: string;

  @Field()
  titleRu!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The draft as circulated (a conference document), if given as text.',
  })
  documentText!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The draft as an encrypted message to the coordinators (its text and attachments): the id to read it by (`message(id)`), if circulated so.',
  })
  documentMessageId!: string | null;

  @Field(() => String, { nullable: true, description: 'The priority area (network), if any.' })
  networkKey!: string | null;

  @Field(() => Date, { description: 'Statements are taken strictly before this instant.' })
  deadline!: Date;

  @Field({ description: 'The IANA time zone the deadline is stated in, e.g. Asia/Almaty.' })
  deadlineTimeZone!: string;

  @Field(() => SilenceProcedureStatus)
  status!: SilenceProcedureStatus;

  @Field(() => ID)
  openedBy!: string;

  @Field(() => Date)
  openedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was closed or withdrawn.' })
  closedAt!: Date | null;

  @Field(() => String, { nullable: true })
  withdrawnReason!: string | null;

  @Field(() => Int, { description: 'Raised by every change of the procedure itself.' })
  version!: number;

  @Field(() => [SilenceStateStandingModel], { description: 'Every member state’s position.' })
  states!: SilenceStateStandingModel[];

  @Field(() => [SilenceStatementModel], { description: 'Every statement, oldest first.' })
  statements!: SilenceStatementModel[];

  @Field(() => [String], {
    description: 'The states whose standing objection or amendment breaks silence.',
  })
  brokenBy!: string[];

  @Field(() => [SilenceProcedureNoteModel], {
    description: 'The notes issued for it (circulation, extension, withdrawal, outcome).',
  })
  notes!: SilenceProcedureNoteModel[];

  static fromView(view: ProcedureView): SilenceProcedureModel {
    return Object.assign(new SilenceProcedureModel(), {
      ...view,
      states: view.states.map((state) => SilenceStateStandingModel.fromView(state)),
      statements: view.statements.map((statement) => SilenceStatementModel.fromView(statement)),
      notes: view.notes.map((note) => SilenceProcedureNoteModel.fromView(note)),
    });
  }
}

@InputType('OpenSilenceProcedureInput')
export class OpenSilenceProcedureInput {
  @Field({ description: 'The document’s title in English (at most 300 characters).' })
  titleEn!: string;

  @Field({ description: 'The document’s title in Russian (at most 300 characters).' })
  titleRu!: string;

  @Field(() => String, { nullable: true, description: 'The draft’s text, if circulated as text.' })
  documentText?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The draft as an encrypted message you sent to the coordinators (`sendMessage` with `to: { coordinators: true }`, the document attached): its id.',
  })
  documentMessageId?: string | null;

  @Field(() => String, { nullable: true, description: 'The priority area (network key), if any.' })
  networkKey?: string | null;

  @Field(() => Date, { description: 'An exact instant, after now and at most 366 days ahead.' })
  deadline!: Date;

  @Field({ description: 'The IANA time zone the deadline is announced in, e.g. Asia/Almaty.' })
  deadlineTimeZone!: string;
}
