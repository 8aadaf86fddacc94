import type { AuditEvent, AuditEventType } from '@fpn/audit';
import { CallerScope, type RequestOrigin, Role } from '@fpn/identity';

/** Who changes the directory: the signed-in account and where the request came from. */
export interface DirectoryActor {
  user: { id: string; role: Role; memberStateCode: string | null };
  origin: RequestOrigin;
}

export const scopeOf = (actor: DirectoryActor) => CallerScope.ofUser(actor.user);

export const isCoordinator = (actor: DirectoryActor) => actor.user.role === Role.STATE_COORDINATOR;

/** The common part of an audit event by this actor about one subject. */
export function actorEvent(
  actor: DirectoryActor,
  type: AuditEventType,
  subject: { type: string; id: string; memberState: string | null },
  details: NonNullable<AuditEvent['details']> = {},
): AuditEvent {
  return {
    type,
    actorId: actor.user.id,
    actorRole: actor.user.role,
    subjectType: subject.type,
    subjectId: subject.id,
    memberState: subject.memberState,
    ip: actor.origin.ip ?? null,
    requestId: actor.origin.requestId ?? null,
    details,
  };
}
