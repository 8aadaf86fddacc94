import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { RequireRoles } from '@fpn/core';
import { AuditLogReader } from './audit-log.service';
import { AuditLogEntryModel, AuditLogFilter, AuditLogPage } from './audit-log.types';

@Resolver()
export class AuditLogResolver {
  constructor(private readonly reader: AuditLogReader) {}

  @Query(() => AuditLogPage, { description: 'The security audit log, for the Secretariat.' })
  @RequireRoles('SECRETARIAT_ADMIN', 'SECRETARIAT_OFFICER')
  async auditLog(
    @Args('filter', { type: () => AuditLogFilter, nullable: true }) filter: AuditLogFilter | null,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<AuditLogPage> {
    const page = await this.reader.page(filter ?? {}, first, after ?? undefined);
    return {
      nextCursor: page.nextCursor,
      entries: page.entries.map((entry) =>
        Object.assign(new AuditLogEntryModel(), {
          seq: entry.seq,
          type: entry.type,
          occurredAt: entry.occurredAt,
          actorId: entry.actorId,
          actorRole: entry.actorRole,
          subjectType: entry.subjectType,
          subjectId: entry.subjectId,
          memberState: entry.memberState,
          ip: entry.ip,
          details: JSON.stringify(entry.details),
          hash: entry.hash,
        }),
      ),
    };
  }
}
