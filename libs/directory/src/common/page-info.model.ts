import { Field, ObjectType } from '@nestjs/graphql';

/** Relay's page information, for every cursor-paged connection of the directory. */
@ObjectType('PageInfo', { description: 'Where a page of a connection sits (Relay cursor paging).' })
export class PageInfo {
  @Field({ description: 'More items follow: ask again with `after: endCursor`.' })
  hasNextPage!: boolean;

  @Field({ description: 'A cursor (`after`) was given: items may precede this page.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'The cursor of the first item.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'The cursor of the last item.' })
  endCursor!: string | null;
}
