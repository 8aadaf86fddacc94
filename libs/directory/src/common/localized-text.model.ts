import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A text in both official languages.' })
export class LocalizedText {
  @Field()
  en!: string;

  @Field()
  ru!: string;
}
