import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import {
  DirectoryChangeKind,
  type DirectoryChangeEntity,
  DirectoryChangeStatus,
} from './directory-change.entity';

registerEnumType(DirectoryChangeKind, {
  name: 'DirectoryChangeKind',
  description: "What a coordinator proposes for their state's roster.",
});
registerEnumType(DirectoryChangeStatus, { name: 'DirectoryChangeStatus' });

@ObjectType('DirectoryChange', {
  description:
    "A coordinator's proposal for their state's roster, and the Secretariat's decision on it.",
})
export class DirectoryChangeModel {
  @Field(() => ID)
  id!: string;

  @Field()
  memberStateCode!: string;

  @Field(() => DirectoryChangeKind)
  kind!: DirectoryChangeKind;

  @Field(() => DirectoryChangeStatus)
  status!: DirectoryChangeStatus;

  @Field()
  reason!: string;

  @Field(() => ID, { description: 'The coordinator who proposed it.' })
  proposedBy!: string;

  @Field()
  proposedAt!: Date;

  @Field(() => ID, {
    nullable: true,
    description: 'Who approved or rejected it (the proposer, when withdrawn).',
  })
  decidedBy!: string | null;

  @Field(() => Date, { nullable: true })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true })
  decisionReason!: string | null;

  @Field({ description: 'What was proposed, as a JSON object (normalized).' })
  payload!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Once approved: the focal point or authority it created or changed.',
  })
  appliedEntityId!: string | null;

  static fromEntity(entity: DirectoryChangeEntity): DirectoryChangeModel {
    return Object.assign(new DirectoryChangeModel(), {
      id: entity.id,
      memberStateCode: entity.memberStateCode,
      kind: entity.kind,
      status: entity.status,
      reason: entity.reason,
      proposedBy: entity.proposedBy,
      proposedAt: entity.proposedAt,
      decidedBy: entity.decidedBy,
      decidedAt: entity.decidedAt,
      decisionReason: entity.decisionReason,
      payload: JSON.stringify(entity.payload),
      appliedEntityId: entity.appliedEntityId,
    });
  }
}

@ObjectType()
export class DirectoryChangePage {
  @Field(() => [DirectoryChangeModel], { description: 'Newest first.' })
  entries!: DirectoryChangeModel[];

  @Field(() => String, {
    nullable: true,
    description: 'Pass as `after` for the next page; null at the end.',
  })
  nextCursor!: string | null;
}
