import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { AuthenticatedApiCredential } from './api-credential.entity';
import { ApiOperation } from './api-operation';

export enum ApiCredentialStatus {
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
}

registerEnumType(ApiCredentialStatus, { name: 'ApiCredentialStatus' });

@ObjectType('ApiCredential', {
  description: "A ministry system's credential: its scope and lifetime. Never its secret.",
})
export class ApiCredentialModel {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: 'The member state the system acts for.' })
  memberStateCode!: string;

  @Field(() => [String], { description: 'The networks it may act in.' })
  networkKeys!: string[];

  @Field(() => [ApiOperation])
  operations!: ApiOperation[];

  @Field()
  createdAt!: Date;

  @Field(() => ID, { description: 'The account that issued it.' })
  createdBy!: string;

  @Field()
  expiresAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When its secret was last replaced.' })
  rotatedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When it was last accepted, to the minute.',
  })
  lastUsedAt!: Date | null;

  @Field(() => ApiCredentialStatus)
  status!: ApiCredentialStatus;

  static fromEntity(credential: AuthenticatedApiCredential, now: Date): ApiCredentialModel {
    return Object.assign(new ApiCredentialModel(), {
      id: credential.id,
      name: credential.name,
      memberStateCode: credential.memberStateCode,
      networkKeys: credential.networkKeys,
      operations: credential.operations,
      createdAt: credential.createdAt,
      createdBy: credential.createdBy,
      expiresAt: credential.expiresAt,
      rotatedAt: credential.rotatedAt,
      revokedAt: credential.revokedAt,
      lastUsedAt: credential.lastUsedAt,
      status: credential.revokedAt
        ? ApiCredentialStatus.REVOKED
        : credential.expiresAt <= now
          ? ApiCredentialStatus.EXPIRED
          : ApiCredentialStatus.ACTIVE,
    });
  }
}

@ObjectType({ description: 'A credential and its secret token; the token is shown this once.' })
export class IssuedApiCredential {
  @Field(() => ApiCredentialModel)
  credential!: ApiCredentialModel;

  @Field({
    description:
      'Send as `Authorization: Bearer <secret>`. Shown once, stored only hashed: keep it safe.',
  })
  secret!: string;
}

@InputType()
export class IssueApiCredentialInput {
  @Field({ description: 'What the system is, for people: 1 to 120 characters.' })
  name!: string;

  @Field({ description: 'The member state it acts for (a coordinator: their own).' })
  memberStateCode!: string;

  @Field(() => [String], { description: 'Keys of the networks it may act in.' })
  networkKeys!: string[];

  @Field(() => [ApiOperation], { description: 'What it may do; at least one.' })
  operations!: ApiOperation[];

  @Field(() => Date, {
    nullable: true,
    description: 'When it stops working: in the future, at most 365 days ahead; default 90 days.',
  })
  expiresAt?: Date | null;
}
