import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { DomainError, ErrorCode } from '@fpn/core';

/**
 * The id of the signed-in account, as the PolicyGuard put it on the request
 * (identity's `CurrentPrincipal`). Read here rather than imported because
 * identity depends on this library (invitations send e-mail): importing it
 * back would make a cycle that breaks whichever loads second. A caller
 * without an account (an API credential) is refused.
 */
export const CallerId = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const { req } = GqlExecutionContext.create(context).getContext<{
    req?: { principal?: { user?: { id?: unknown } } };
  }>();
  const id = req?.principal?.user?.id;
  if (typeof id !== 'string') {
    throw new DomainError(ErrorCode.Forbidden, 'Only a signed-in person has notifications');
  }
  return id;
});
