import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { UserModel } from './user.model';

@InputType()
export class LoginInput {
  @Field()
  email!: string;

  @Field()
  password!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The 6-digit code of the authenticator app, when set up.',
  })
  totpCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'A one-time recovery code, instead of totpCode.',
  })
  recoveryCode?: string | null;
}

@ObjectType({ description: 'What an authenticator app needs; shown once.' })
export class TotpEnrolment {
  @Field({ description: 'Base32 seed, for typing in by hand.' })
  secret!: string;

  @Field({ description: 'otpauth:// URI, for a QR code.' })
  uri!: string;
}

@ObjectType({ description: 'One-time recovery codes; shown once, stored only hashed.' })
export class RecoveryCodes {
  @Field(() => [String])
  codes!: string[];
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
