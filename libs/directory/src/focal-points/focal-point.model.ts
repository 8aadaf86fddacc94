import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import {
  Availability,
  type ContactChannel,
  ContactChannelKind,
  type FocalPointEntity,
  FocalPointStatus,
} from './focal-point.entity';

registerEnumType(Availability, {
  name: 'Availability',
  description: 'When the focal point can be reached.',
});
registerEnumType(FocalPointStatus, { name: 'FocalPointStatus' });
registerEnumType(ContactChannelKind, { name: 'ContactChannelKind' });

@ObjectType('ContactChannel', { description: 'A way to reach a focal point outside the network.' })
export class ContactChannelModel {
  @Field(() => ContactChannelKind)
  kind!: ContactChannelKind;

  @Field()
  value!: string;

  @Field(() => String, { nullable: true })
  note!: string | null;
}

/**
 * A person a member state named as its point of contact. Who sees what:
 * the Secretariat everything, a coordinator their state, a focal point the
 * networks they belong to — contact channels only for fellow members.
 * Relations (state, authority, memberships) are resolved fields.
 */
@ObjectType('FocalPoint', { description: "A member state's named point of contact." })
export class FocalPointModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'ISO code of the state.' })
  memberStateCode!: string;

  @Field(() => ID)
  authorityId!: string;

  @Field()
  fullName!: string;

  @Field()
  title!: string;

  @Field(() => [String], { description: 'ISO 639-1 codes.' })
  languages!: string[];

  @Field({ description: 'IANA time zone, e.g. Asia/Almaty.' })
  timeZone!: string;

  @Field(() => Availability)
  availability!: Availability;

  @Field(() => FocalPointStatus)
  status!: FocalPointStatus;

  @Field()
  lastConfirmedAt!: Date;

  @Field(() => Int, { description: 'Grows with every approved change; see the history.' })
  version!: number;

  /** Not a GraphQL field: the contact channels are a resolved field with their own scope. */
  contactChannels!: ContactChannel[];

  /** Not a GraphQL field: whether an account is linked is shown to the Secretariat only. */
  userId!: string | null;

  static fromEntity(entity: FocalPointEntity): FocalPointModel {
    return Object.assign(new FocalPointModel(), {
      id: entity.id,
      memberStateCode: entity.memberStateCode,
      authorityId: entity.authorityId,
      fullName: entity.fullName,
      title: entity.title,
      languages: entity.languages,
      timeZone: entity.timeZone,
      availability: entity.availability,
      status: entity.status,
      lastConfirmedAt: entity.lastConfirmedAt,
      version: entity.version,
      contactChannels: entity.contactChannels,
      userId: entity.userId,
    });
  }
}
