import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { LocalizedText, NetworkModel } from '@fpn/directory';
import type { ActivityView } from './activity-reader.service';
import type { CalendarFeedView } from './calendar-feeds.service';
import type { ActivityDocumentEntity } from './entities/activity-document.entity';
import { ActivityKind, ActivityStatus } from './entities/activity.entity';

registerEnumType(ActivityKind, {
  name: 'ActivityKind',
  description:
    'An Action Plan activity: a meeting (of experts, of chiefs of police), a seminar, a training.',
});
registerEnumType(ActivityStatus, {
  name: 'ActivityStatus',
  description: 'PLANNED until recorded HELD (once it has started) or CANCELLED.',
});

@InputType('ActivityInput', {
  description:
    'An activity as the Secretariat enters it. Times are exact instants (UTC or with an offset); ' +
    '`timeZone` is the IANA zone they are shown in. A venue, `online`, or both.',
})
export class ActivityInput {
  @Field({ description: 'The network it belongs to, e.g. `law-enforcement`.' })
  networkKey!: string;

  @Field(() => ActivityKind)
  kind!: ActivityKind;

  @Field()
  titleEn!: string;

  @Field()
  titleRu!: string;

  @Field()
  startsAt!: Date;

  @Field({ description: 'After `startsAt`, at most 31 days later.' })
  endsAt!: Date;

  @Field({ description: 'IANA time zone, e.g. `Asia/Almaty`.' })
  timeZone!: string;

  @Field(() => String, { nullable: true })
  venue?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false })
  online?: boolean | null;

  @Field(() => String, { nullable: true, description: 'The hosting member state, if any.' })
  hostStateCode?: string | null;
}

@ObjectType('ActivityParticipant', { description: 'A member state taking part.' })
export class ActivityParticipantModel {
  @Field()
  memberStateCode!: string;

  @Field()
  joinedAt!: Date;
}

@ObjectType('ActivityDocument', {
  description: 'A link, or one of the Secretariat’s numbered notes.',
})
export class ActivityDocumentModel {
  @Field(() => ID)
  id!: string;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  url!: string | null;

  @Field(() => ID, { nullable: true, description: 'The numbered note, when the document is one.' })
  noteId!: string | null;

  @Field()
  addedAt!: Date;

  static fromEntity(entity: ActivityDocumentEntity): ActivityDocumentModel {
    return Object.assign(new ActivityDocumentModel(), {
      id: entity.id,
      title: entity.title,
      url: entity.url,
      noteId: entity.noteId,
      addedAt: entity.addedAt,
    });
  }
}

@ObjectType('Activity', {
  description: 'A meeting, seminar or training of a network (the Action Plan).',
})
export class ActivityModel {
  @Field(() => ID)
  id!: string;

  @Field(() => NetworkModel)
  network!: NetworkModel;

  @Field(() => ActivityKind)
  kind!: ActivityKind;

  @Field(() => ActivityStatus)
  status!: ActivityStatus;

  @Field(() => LocalizedText)
  title!: LocalizedText;

  @Field()
  startsAt!: Date;

  @Field()
  endsAt!: Date;

  @Field({ description: 'The IANA zone its times are shown in.' })
  timeZone!: string;

  @Field(() => String, { nullable: true })
  venue!: string | null;

  @Field()
  online!: boolean;

  @Field(() => String, { nullable: true })
  hostStateCode!: string | null;

  @Field(() => [ActivityParticipantModel], { description: 'By state code.' })
  participants!: ActivityParticipantModel[];

  @Field(() => [ActivityDocumentModel], { description: 'Oldest first.' })
  documents!: ActivityDocumentModel[];

  @Field(() => Int, {
    description: 'Pass to `updateActivity`; raised by every edit and status change.',
  })
  version!: number;

  @Field()
  createdAt!: Date;

  @Field({ description: 'The last change to it, its participants or documents.' })
  updatedAt!: Date;

  static fromView({ activity, network, participants, documents }: ActivityView): ActivityModel {
    return Object.assign(new ActivityModel(), {
      id: activity.id,
      network: NetworkModel.fromEntity(network),
      kind: activity.kind,
      status: activity.status,
      title: { en: activity.titleEn, ru: activity.titleRu },
      startsAt: activity.startsAt,
      endsAt: activity.endsAt,
      timeZone: activity.timeZone,
      venue: activity.venue,
      online: activity.online,
      hostStateCode: activity.hostStateCode,
      participants: participants.map((p) => Object.assign(new ActivityParticipantModel(), p)),
      documents: documents.map(ActivityDocumentModel.fromEntity),
      version: activity.version,
      createdAt: activity.createdAt,
      updatedAt: activity.updatedAt,
    });
  }
}

@ObjectType('CalendarFeed', {
  description: 'One of your calendar subscriptions (the address is shown once).',
})
export class CalendarFeedModel {
  @Field(() => ID)
  id!: string;

  @Field(() => NetworkModel, { nullable: true, description: 'Null: every network you see.' })
  network!: NetworkModel | null;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'The last fetch (to the hour).' })
  lastUsedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;

  static fromView({ feed, network }: CalendarFeedView): CalendarFeedModel {
    return Object.assign(new CalendarFeedModel(), {
      id: feed.id,
      network: network ? NetworkModel.fromEntity(network) : null,
      createdAt: feed.createdAt,
      lastUsedAt: feed.lastUsedAt,
      revokedAt: feed.revokedAt,
    });
  }
}

@ObjectType('CreatedCalendarFeed')
export class CreatedCalendarFeedModel {
  @Field(() => CalendarFeedModel)
  feed!: CalendarFeedModel;

  @Field({
    description:
      'The address to subscribe to in a calendar application. Shown this once: it carries the ' +
      'token, and only the token’s hash is kept. Revoke the feed if it leaks.',
  })
  url!: string;
}
