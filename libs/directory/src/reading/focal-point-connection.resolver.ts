import { Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { AllowApiCredential, Authenticated } from '@fpn/core';
import { ApiOperation } from '@fpn/identity';
import { FocalPointConnection } from './focal-point-connection.model';

@Resolver(() => FocalPointConnection)
export class FocalPointConnectionResolver {
  @ResolveField(() => Int, {
    description: 'How many entries match in all (one more query; select it only when shown).',
  })
  @Authenticated()
  @AllowApiCredential(ApiOperation.DIRECTORY_READ)
  totalCount(@Parent() connection: FocalPointConnection): Promise<number> {
    return connection.count();
  }
}
