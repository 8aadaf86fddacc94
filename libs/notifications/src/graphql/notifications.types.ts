import { Field, ID, ObjectType } from '@nestjs/graphql';
import { NotificationKind } from '../notification-kind';

@ObjectType('Notification', {
  description: 'Something that happened to or for the signed-in account: metadata, never content.',
})
export class NotificationModel {
  @Field(() => ID)
  id!: string;

  @Field(() => NotificationKind)
  kind!: NotificationKind;

  @Field({ description: 'What it concerns (ids, codes, names, dates), as a JSON object.' })
  params!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Null while unread.' })
  readAt!: Date | null;
}

@ObjectType()
export class NotificationPage {
  @Field(() => [NotificationModel], { description: 'Newest first.' })
  entries!: NotificationModel[];

  @Field(() => String, {
    nullable: true,
    description: 'Pass as `after` for the next page; null at the end.',
  })
  nextCursor!: string | null;
}
