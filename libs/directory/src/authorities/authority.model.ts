import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { AuthorityKind, type AuthorityEntity } from './authority.entity';

registerEnumType(AuthorityKind, {
  name: 'AuthorityKind',
  description: 'What kind of competent authority.',
});

@ObjectType('Authority', { description: 'A competent authority of a member state.' })
export class AuthorityModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'ISO code of the state.' })
  memberStateCode!: string;

  @Field()
  nameEn!: string;

  @Field(() => String, { nullable: true })
  nameRu!: string | null;

  @Field(() => AuthorityKind)
  kind!: AuthorityKind;

  static fromEntity(entity: AuthorityEntity): AuthorityModel {
    return Object.assign(new AuthorityModel(), {
      id: entity.id,
      memberStateCode: entity.memberStateCode,
      nameEn: entity.nameEn,
      nameRu: entity.nameRu,
      kind: entity.kind,
    });
  }
}
