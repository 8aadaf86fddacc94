import { Field, ID, ObjectType } from '@nestjs/graphql';
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

  static fromEntity(user: UserEntity): UserModel {
    return Object.assign(new UserModel(), {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      status: user.status,
      memberStateCode: user.memberStateCode,
    });
  }
}
