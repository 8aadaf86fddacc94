import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';

@ObjectType('AuditLogEntry', {
  description: 'One chained security event: metadata, never message content.',
})
export class AuditLogEntryModel {
  @Field(() => ID, { description: 'Position in the hash chain.' })
  seq!: string;

  @Field()
  type!: string;

  @Field(() => Date)
  occurredAt!: Date;

  @Field(() => String, { nullable: true })
  actorId!: string | null;

  @Field(() => String, { nullable: true })
  actorRole!: string | null;

  @Field(() => String, { nullable: true })
  subjectType!: string | null;

  @Field(() => String, { nullable: true })
  subjectId!: string | null;

  @Field(() => String, { nullable: true })
  memberState!: string | null;

  @Field(() => String, { nullable: true })
  ip!: string | null;

  @Field({ description: 'Context of the event, as a JSON object.' })
  details!: string;

  @Field({ description: 'SHA-256 of this entry and the previous hash.' })
  hash!: string;
}

@InputType()
export class AuditLogFilter {
  @Field(() => [String], { nullable: true, description: 'Event types, e.g. LOGIN_FAILED.' })
  types?: string[];

  @Field(() => String, { nullable: true })
  actorId?: string;

  @Field(() => String, { nullable: true })
  subjectId?: string;

  @Field(() => String, { nullable: true, description: 'ISO code of the member state concerned.' })
  memberState?: string;

  @Field(() => Date, { nullable: true })
  from?: Date;

  @Field(() => Date, { nullable: true })
  to?: Date;
}

@ObjectType()
export class AuditLogPage {
  @Field(() => [AuditLogEntryModel], { description: 'Newest first.' })
  entries!: AuditLogEntryModel[];

  @Field(() => String, {
    nullable: true,
    description: 'Pass as `after` for the next page; null at the end.',
  })
  nextCursor!: string | null;
}
