import { applyDecorators } from '@nestjs/common';
import { AllowApiCredential, RequireRoles } from '@fpn/core';
import { API_OPERATIONS } from './api-operation';

/**
 * Callable by any API credential, whatever operations it holds, and by no
 * account: no role is allowed, so a signed-in person is refused.
 */
export const ApiCredentialOnly = () =>
  applyDecorators(RequireRoles(), AllowApiCredential(...API_OPERATIONS));
