import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { UserEntity } from '../users/user.entity';
import type { Principal } from './authentication.service';
import { requestOf } from './guards';

/** The caller established by the PolicyGuard. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => requestOf(context).principal!,
);

/** The user signed in by GqlLocalAuthGuard (passport puts it on the request). */
export const SignedInUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): UserEntity => requestOf(context).user as UserEntity,
);
