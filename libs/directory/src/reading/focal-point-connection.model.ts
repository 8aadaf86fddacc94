import { Field, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../common/page-info.model';
import { FocalPointModel } from '../focal-points/focal-point.model';

@ObjectType('FocalPointEdge')
export class FocalPointEdge {
  @Field({ description: 'Pass as `after` to continue after this entry.' })
  cursor!: string;

  @Field(() => FocalPointModel)
  node!: FocalPointModel;
}

/**
 * A page of focal points in the caller's scope, by full name then id.
 * `totalCount` is a resolved field: the count runs only when it is asked for.
 */
@ObjectType('FocalPointConnection', {
  description: 'A page of focal points the caller may see, by full name, then id.',
})
export class FocalPointConnection {
  @Field(() => [FocalPointEdge])
  edges!: FocalPointEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  /** Not a GraphQL field: counts every entry the page's query matches (in scope). */
  count!: () => Promise<number>;
}
