import { Field, ID, ObjectType } from '@nestjs/graphql';
import { LocalizedText } from '../common/localized-text.model';
import type { NetworkEntity } from './network.entity';

@ObjectType('Network', { description: 'A network of national focal points in one priority area.' })
export class NetworkModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Stable key, e.g. `law-enforcement`.' })
  key!: string;

  @Field(() => LocalizedText, { description: 'The name in both official languages.' })
  names!: LocalizedText;

  static fromEntity(entity: NetworkEntity): NetworkModel {
    return Object.assign(new NetworkModel(), {
      id: entity.id,
      key: entity.key,
      names: { en: entity.nameEn, ru: entity.nameRu },
    });
  }
}
