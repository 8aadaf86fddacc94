import { registerEnumType } from '@nestjs/graphql';

/** The conference's official languages. */
export enum Language {
  EN = 'en',
  RU = 'ru',
}

registerEnumType(Language, {
  name: 'Language',
  description: 'An official language of the conference.',
});
