import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { Language } from '@fpn/core';
import { Role, UserStatus } from '../users/role';
import { UserModel } from './user.model';

@InputType({ description: 'A new account; the person sets a password through the invitation.' })
export class InviteUserInput {
  @Field()
  email!: string;

  @Field()
  displayName!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => String, {
    nullable: true,
    description: 'Required for coordinators and focal points: ISO code of their state.',
  })
  memberStateCode?: string | null;

  @Field(() => Language, {
    nullable: true,
    description: 'Language of e-mails; English by default.',
  })
  language?: Language | null;
}

@InputType()
export class UserFilterInput {
  @Field(() => String, { nullable: true })
  memberStateCode?: string | null;

  @Field(() => Role, { nullable: true })
  role?: Role | null;

  @Field(() => UserStatus, { nullable: true })
  status?: UserStatus | null;

  @Field(() => String, { nullable: true, description: 'Part of the name or e-mail.' })
  search?: string | null;
}

@ObjectType()
export class UserPage {
  @Field(() => [UserModel], { description: 'By e-mail.' })
  users!: UserModel[];

  @Field(() => String, {
    nullable: true,
    description: 'Pass as `after` for the next page; null at the end.',
  })
  nextCursor!: string | null;
}

export const USERS_PAGE_DEFAULT = 50;
