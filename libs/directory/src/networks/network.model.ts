import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
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

  @Field(() => Int, {
    description: 'How often (days) each focal point of the network confirms their entry.',
  })
  confirmationIntervalDays!: number;

  static fromEntity(entity: NetworkEntity): NetworkModel {
    return Object.assign(new NetworkModel(), {
      id: entity.id,
      key: entity.key,
      names: { en: entity.nameEn, ru: entity.nameRu },
      confirmationIntervalDays: entity.confirmationIntervalDays,
    });
  }
}
