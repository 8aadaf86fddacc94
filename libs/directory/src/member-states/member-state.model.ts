import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { LocalizedText } from '../common/localized-text.model';
import { Membership, type MemberStateEntity } from './member-state.entity';

registerEnumType(Membership, { name: 'Membership', description: 'Standing in the conference.' });

@ObjectType('MemberState', { description: 'A state taking part in the conference.' })
export class MemberStateModel {
  @Field(() => ID, { description: 'ISO 3166-1 alpha-2 code.' })
  code!: string;

  @Field(() => LocalizedText, { description: 'The name in both official languages.' })
  names!: LocalizedText;

  @Field(() => Membership)
  membership!: Membership;

  static fromEntity(entity: MemberStateEntity): MemberStateModel {
    return Object.assign(new MemberStateModel(), {
      code: entity.code,
      names: { en: entity.nameEn, ru: entity.nameRu },
      membership: entity.membership,
    });
  }
}
