import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Language } from '@fpn/core';
import { Role, UserStatus } from '../users/role';
import type { UserEntity } from '../users/user.entity';

@ObjectType('User', {
  description: 'An account: Secretariat staff, a coordinator or a focal point.',
})
export class UserModel {
  @Field(() => ID)
  id!: string;

  @Field()
  email!: string;

  @Field()
  displayName!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => UserStatus)
  status!: UserStatus;

  @Field(() => String, {
    nullable: true,
    description: 'ISO code of the state a coordinator or focal point belongs to.',
  })
  memberStateCode!: string | null;

  @Field(() => Language, { description: 'The language of e-mails to this person.' })
  language!: Language;

  @Field({ description: 'False until the invitation is accepted (or after a reset).' })
  passwordSet!: boolean;

  @Field({ description: 'Whether two-factor sign-in (TOTP) is set up.' })
  totpEnabled!: boolean;

  @Field()
  createdAt!: Date;

  static fromEntity(user: UserEntity): UserModel {
    return Object.assign(new UserModel(), {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      status: user.status,
      memberStateCode: user.memberStateCode,
      language: user.language,
      passwordSet: user.passwordHash !== null,
      totpEnabled: user.totpEnabledAt !== null,
      createdAt: user.createdAt,
    });
  }
}
