import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, ErrorCode } from '@fpn/core';
import { DataSource } from 'typeorm';
import { AuditEntryEntity } from '../entities/audit-entry.entity';
import type { AuditLogFilter } from './audit-log.types';

export const MAX_PAGE_SIZE = 100;

/** Reads the chained log, newest first, filtered; a cursor is the last `seq` seen. */
@Injectable()
export class AuditLogReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async page(filter: AuditLogFilter = {}, first = 50, after?: string) {
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
      throw new DomainError(ErrorCode.BadUserInput, `first must be 1 to ${MAX_PAGE_SIZE}`, {
        field: 'first',
      });
    }
    if (after !== undefined && !/^\d{1,18}$/.test(after)) {
      throw new DomainError(ErrorCode.BadUserInput, 'after is not a cursor of this log', {
        field: 'after',
      });
    }
    const query = this.dataSource
      .getRepository(AuditEntryEntity)
      .createQueryBuilder('e')
      .orderBy('e.seq', 'DESC')
      .take(first + 1);
    if (after) query.andWhere('e.seq < :after', { after });
    if (filter.types?.length) query.andWhere('e.type IN (:...types)', { types: filter.types });
    if (filter.actorId) query.andWhere('e.actor_id::text = :actorId', { actorId: filter.actorId });
    if (filter.subjectId)
      query.andWhere('e.subject_id = :subjectId', { subjectId: filter.subjectId });
    if (filter.memberState) {
      query.andWhere('e.member_state = :state', { state: filter.memberState.toUpperCase() });
    }
    if (filter.from) query.andWhere('e.occurred_at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('e.occurred_at < :to', { to: filter.to });
    const rows = await query.getMany();
    const entries = rows.slice(0, first);
    return { entries, nextCursor: rows.length > first ? entries[entries.length - 1].seq : null };
  }
}
