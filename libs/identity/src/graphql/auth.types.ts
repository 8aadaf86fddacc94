import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { UserModel } from './user.model';

@InputType()
export class LoginInput {
  @Field()
  email!: string;

  @Field()
  password!: string;
}

@ObjectType({
  description: 'A new session: a short-lived access token and a one-time refresh token.',
})
export class AuthPayload {
  @Field({ description: 'Send as `Authorization: Bearer <token>`.' })
  accessToken!: string;

  @Field()
  accessTokenExpiresAt!: Date;

  @Field({ description: 'Works once: exchange it with refreshSession for a new pair.' })
  refreshToken!: string;

  @Field(() => UserModel)
  user!: UserModel;
}
