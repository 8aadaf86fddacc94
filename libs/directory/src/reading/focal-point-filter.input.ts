import { Field, InputType } from '@nestjs/graphql';
import { AuthorityKind } from '../authorities/authority.entity';
import { Availability, FocalPointStatus } from '../focal-points/focal-point.entity';

@InputType('FocalPointFilter', {
  description: 'Every field given must match; the caller’s scope applies on top.',
})
export class FocalPointFilterInput {
  @Field(() => String, { nullable: true, description: 'ISO code of the state.' })
  memberStateCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Members of this network (its key).' })
  networkKey?: string | null;

  @Field(() => AuthorityKind, { nullable: true })
  authorityKind?: AuthorityKind | null;

  @Field(() => String, {
    nullable: true,
    description: 'Works in this language (ISO 639-1 code, e.g. `ru`).',
  })
  language?: string | null;

  @Field(() => Availability, { nullable: true })
  availability?: Availability | null;

  @Field(() => FocalPointStatus, { nullable: true })
  status?: FocalPointStatus | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Words to find in the name, title or authority, in Latin or Cyrillic ("Ivanov" finds "Иванов" and back); every word must occur.',
  })
  text?: string | null;
}
