import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { AuthorityKind } from '../authorities/authority.entity';
import { Availability, ContactChannelKind } from '../focal-points/focal-point.entity';
import { MembershipRole } from '../memberships/network-membership.entity';
import { DirectoryChangeKind, DirectoryChangeStatus } from './directory-change.entity';

@InputType({ description: 'A way to reach a focal point outside the network.' })
export class ContactChannelInput {
  @Field(() => ContactChannelKind)
  kind!: ContactChannelKind;

  @Field({ description: 'An e-mail address, an international phone number (+…), or a handle.' })
  value!: string;

  @Field(() => String, { nullable: true, description: 'e.g. "duty desk"; at most 200 characters.' })
  note?: string | null;
}

@InputType({ description: 'A new authority of the state.' })
export class NewAuthorityInput {
  @Field()
  nameEn!: string;

  @Field(() => String, { nullable: true })
  nameRu?: string | null;

  @Field(() => AuthorityKind)
  kind!: AuthorityKind;
}

@InputType({ description: "A place in a network: the state's primary or an alternate." })
export class MembershipInput {
  @Field()
  networkKey!: string;

  @Field(() => MembershipRole)
  role!: MembershipRole;
}

@InputType({ description: 'A new entry: the person, their authority, networks and account.' })
export class NewFocalPointInput {
  @Field(() => ID, {
    nullable: true,
    description: 'An existing authority of the state; or give newAuthority.',
  })
  authorityId?: string | null;

  @Field(() => NewAuthorityInput, {
    nullable: true,
    description: 'An authority created with the entry.',
  })
  newAuthority?: NewAuthorityInput | null;

  @Field()
  fullName!: string;

  @Field()
  title!: string;

  @Field(() => [String], { description: 'ISO 639-1 codes, e.g. ["ru", "kk", "en"].' })
  languages!: string[];

  @Field({ description: 'IANA time zone, e.g. Asia/Almaty.' })
  timeZone!: string;

  @Field(() => Availability)
  availability!: Availability;

  @Field(() => [ContactChannelInput], { defaultValue: [] })
  contactChannels!: ContactChannelInput[];

  @Field(() => [MembershipInput], { defaultValue: [] })
  memberships!: MembershipInput[];

  @Field(() => ID, {
    nullable: true,
    description:
      'The account of the person: a focal point or coordinator of the same state, not linked to another entry.',
  })
  userId?: string | null;
}

@InputType({ description: 'New values for an entry; what is left out stays as it is.' })
export class FocalPointChangeInput {
  @Field(() => ID)
  focalPointId!: string;

  @Field(() => String, { nullable: true })
  fullName?: string | null;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => ID, { nullable: true, description: 'Another authority of the state.' })
  authorityId?: string | null;

  @Field(() => [String], { nullable: true })
  languages?: string[] | null;

  @Field(() => String, { nullable: true })
  timeZone?: string | null;

  @Field(() => Availability, { nullable: true })
  availability?: Availability | null;

  @Field(() => [ContactChannelInput], {
    nullable: true,
    description: 'The whole new list of contact channels.',
  })
  contactChannels?: ContactChannelInput[] | null;
}

@InputType()
export class FocalPointRefInput {
  @Field(() => ID)
  focalPointId!: string;
}

@InputType()
export class NewMembershipInput {
  @Field(() => ID)
  focalPointId!: string;

  @Field()
  networkKey!: string;

  @Field(() => MembershipRole)
  role!: MembershipRole;
}

@InputType()
export class MembershipRefInput {
  @Field(() => ID)
  focalPointId!: string;

  @Field()
  networkKey!: string;
}

@InputType()
export class AccountLinkInput {
  @Field(() => ID)
  focalPointId!: string;

  @Field(() => ID, { description: 'A focal point or coordinator account of the same state.' })
  userId!: string;
}

@InputType()
export class AuthorityRenameInput {
  @Field(() => ID)
  authorityId!: string;

  @Field()
  nameEn!: string;

  @Field(() => String, { nullable: true })
  nameRu?: string | null;
}

@InputType({
  description:
    "One change to a state's roster, with the reason. Give exactly one of the change fields.",
})
export class ProposeDirectoryChangeInput {
  @Field({ description: 'Your own state (ISO code).' })
  memberStateCode!: string;

  @Field({ description: 'Why: 3 to 1000 characters, kept in the history.' })
  reason!: string;

  @Field(() => NewFocalPointInput, { nullable: true })
  addFocalPoint?: NewFocalPointInput | null;

  @Field(() => FocalPointChangeInput, { nullable: true })
  changeFocalPoint?: FocalPointChangeInput | null;

  @Field(() => FocalPointRefInput, { nullable: true })
  retireFocalPoint?: FocalPointRefInput | null;

  @Field(() => NewMembershipInput, { nullable: true })
  addMembership?: NewMembershipInput | null;

  @Field(() => MembershipRefInput, { nullable: true })
  removeMembership?: MembershipRefInput | null;

  @Field(() => AccountLinkInput, { nullable: true })
  linkAccount?: AccountLinkInput | null;

  @Field(() => NewAuthorityInput, { nullable: true })
  addAuthority?: NewAuthorityInput | null;

  @Field(() => AuthorityRenameInput, { nullable: true })
  renameAuthority?: AuthorityRenameInput | null;
}

@InputType()
export class DirectoryChangeFilterInput {
  @Field(() => String, { nullable: true })
  memberStateCode?: string | null;

  @Field(() => DirectoryChangeStatus, { nullable: true })
  status?: DirectoryChangeStatus | null;

  @Field(() => DirectoryChangeKind, { nullable: true })
  kind?: DirectoryChangeKind | null;
}

@InputType({
  description:
    "The Secretariat's direct correction of an entry's contact details. Name, authority, networks and the linked account change only through a coordinator's proposal.",
})
export class FocalPointCorrectionInput {
  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => [String], { nullable: true })
  languages?: string[] | null;

  @Field(() => String, { nullable: true })
  timeZone?: string | null;

  @Field(() => Availability, { nullable: true })
  availability?: Availability | null;

  @Field(() => [ContactChannelInput], { nullable: true })
  contactChannels?: ContactChannelInput[] | null;
}

@InputType({ description: 'A new network, for a newly approved measure.' })
export class NewNetworkInput {
  @Field({ description: 'A lower-case slug, e.g. `cyber-crime`; never changes.' })
  key!: string;

  @Field()
  nameEn!: string;

  @Field()
  nameRu!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'How often each focal point confirms their entry; 182 days by default.',
  })
  confirmationIntervalDays?: number | null;

  @Field(() => String, { nullable: true, description: 'Why, for the history.' })
  reason?: string | null;
}

@InputType()
export class NetworkUpdateInput {
  @Field(() => String, { nullable: true })
  nameEn?: string | null;

  @Field(() => String, { nullable: true })
  nameRu?: string | null;

  @Field(() => Int, { nullable: true })
  confirmationIntervalDays?: number | null;

  @Field(() => String, { nullable: true, description: 'Why, for the history.' })
  reason?: string | null;
}
