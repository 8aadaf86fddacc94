import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { AuthorityModel } from '../authorities/authority.model';
import { NetworkMembershipModel } from '../memberships/network-membership.model';
import {
  Availability,
  type ContactChannel,
  ContactChannelKind,
  type FocalPointEntity,
  FocalPointStatus,
} from './focal-point.entity';
import type { NetworkMembershipEntity } from '../memberships/network-membership.entity';

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
 *
 * An entry is read whole: its authority and memberships come in the
 * statement that reads it, so they are plain data here, narrowed to the
 * reader's view when the model is built (`entryModel`). What has a policy of
 * its own (contact channels, whether an account is linked) or is rarely asked
 * for (the state) remains a resolved field.
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

  @Field(() => ID, {
    nullable: true,
    description:
      'The account that reads and sends for this entry — whose keys to encrypt to and whose safety number to compare; null while no account is linked or the entry is not active. Anyone who may see the entry.',
  })
  accountId!: string | null;

  @Field(() => AuthorityModel)
  authority!: AuthorityModel;

  @Field(() => [NetworkMembershipModel], {
    description:
      'Its networks, primary or alternate. A focal point or ministry system sees, on others’ entries, the memberships in its own networks only.',
  })
  memberships!: NetworkMembershipModel[];

  /** Not a GraphQL field: every network of the entry, whatever the reader sees (for contact channels' scope). */
  networkIds!: string[];

  /** Not a GraphQL field: the contact channels are a resolved field with their own scope. */
  contactChannels!: ContactChannel[];

  /** Not a GraphQL field: whether an account is linked is shown to the Secretariat only. */
  userId!: string | null;

  /**
   * An entry read with its authority and memberships (`entity.authority` and
   * `entity.memberships` filled, each membership with its network);
   * `showsMembership` narrows the memberships to what the reader may see.
   */
  static fromEntity(
    entity: FocalPointEntity,
    showsMembership: (membership: NetworkMembershipEntity) => boolean,
  ): FocalPointModel {
    const { authority, memberships } = entity;
    if (!authority || !memberships) {
      throw new Error(`focal point ${entity.id} was read without its authority and memberships`);
    }
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
      accountId: entity.status === FocalPointStatus.ACTIVE ? entity.userId : null,
      authority: AuthorityModel.fromEntity(authority),
      memberships: memberships.filter(showsMembership).map(NetworkMembershipModel.fromEntity),
      networkIds: memberships.map((membership) => membership.networkId),
      contactChannels: entity.contactChannels,
      userId: entity.userId,
    });
  }
}
