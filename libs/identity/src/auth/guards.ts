import { type ExecutionContext, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import type { Principal } from './authentication.service';
import type { AuthenticatedApiCredential } from '../credentials/api-credential.entity';

export interface AuthenticatedRequest extends Request {
  /** The signed-in account (access token). */
  principal?: Principal;
  /** Or the ministry system's API credential (`fpn_…` token); never both. */
  credential?: AuthenticatedApiCredential;
}

/** The HTTP request behind a GraphQL field (or a plain route). */
export function requestOf(context: ExecutionContext): AuthenticatedRequest {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: AuthenticatedRequest }>().req;
  }
  return context.switchToHttp().getRequest<AuthenticatedRequest>();
}

/** The client address and request id, for the audit log. */
export function originOf(request: Request): { ip?: string; requestId?: string } {
  const id = (request as Request & { id?: unknown }).id;
  return { ip: request.ip, requestId: typeof id === 'string' ? id : undefined };
}

/** Runs passport-local on the mutation's `input` (email, password). */
@Injectable()
export class GqlLocalAuthGuard extends AuthGuard('local') {
  override getRequest(context: ExecutionContext) {
    const request = requestOf(context);
    const { input } = GqlExecutionContext.create(context).getArgs<{
      input: { email: string; password: string; totpCode?: string; recoveryCode?: string };
    }>();
    request.body = { ...input };
    return request;
  }
}
