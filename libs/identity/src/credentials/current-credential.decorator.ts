import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { requestOf } from '../auth/guards';
import type { AuthenticatedApiCredential } from './api-credential.entity';

/**
 * The API credential the PolicyGuard authenticated; undefined when an account
 * called. Only operations marked `@AllowApiCredential` ever see one.
 */
export const CurrentCredential = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedApiCredential | undefined =>
    requestOf(context).credential,
);
