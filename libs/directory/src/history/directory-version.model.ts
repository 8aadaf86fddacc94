import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DirectoryEntityType, type DirectoryVersionEntity } from './directory-version.entity';

registerEnumType(DirectoryEntityType, {
  name: 'DirectoryEntityType',
  description: 'What a version in the directory history is a version of.',
});

@ObjectType('DirectoryVersion', {
  description: 'One applied change to one directory entity: who, when, why and what changed.',
})
export class DirectoryVersionModel {
  @Field(() => ID)
  id!: string;

  @Field(() => DirectoryEntityType)
  entityType!: DirectoryEntityType;

  @Field(() => ID, { description: "The entity's id (a member state's ISO code for MEMBER_STATE)." })
  entityId!: string;

  @Field(() => String, { nullable: true, description: 'Null for networks.' })
  memberStateCode!: string | null;

  @Field(() => Int)
  version!: number;

  @Field({
    description:
      'A JSON object: each changed field with its value before and after, `{ "title": { "from": …, "to": … } }`.',
  })
  changes!: string;

  @Field(() => ID)
  actorId!: string;

  @Field({ description: 'The role the actor acted in.' })
  actorRole!: string;

  @Field()
  recordedAt!: Date;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field(() => ID, { nullable: true, description: 'The approved proposal, if any.' })
  changeId!: string | null;

  static fromEntity(entity: DirectoryVersionEntity): DirectoryVersionModel {
    return Object.assign(new DirectoryVersionModel(), {
      id: entity.id,
      entityType: entity.entityType,
      entityId: entity.entityId,
      memberStateCode: entity.memberStateCode,
      version: entity.version,
      changes: JSON.stringify(entity.changes),
      actorId: entity.actorId,
      actorRole: entity.actorRole,
      recordedAt: entity.recordedAt,
      reason: entity.reason,
      changeId: entity.changeId,
    });
  }
}

@ObjectType()
export class DirectoryVersionPage {
  @Field(() => [DirectoryVersionModel], { description: 'Newest first.' })
  entries!: DirectoryVersionModel[];

  @Field(() => String, {
    nullable: true,
    description: 'Pass as `after` for the next page; null at the end.',
  })
  nextCursor!: string | null;
}
