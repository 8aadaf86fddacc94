import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, ErrorCode, NotFoundError } from '@fpn/core';
import { DataSource } from 'typeorm';
import { AuthorityEntity } from '../authorities/authority.entity';
import type { DirectoryReader } from './directory-reader';
import { allOf, scopeCondition, type SqlCondition } from './roster-sql';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The authorities a reader may see: a coordinator's or ministry system's own
 * state's; for a focal point, those of the entries they may see (their own,
 * fellow members' abroad). The Secretariat sees all.
 */
function authorityScope(reader: DirectoryReader): SqlCondition | undefined {
  switch (reader.kind) {
    case 'secretariat':
      return undefined;
    case 'coordinator':
    case 'credential':
      return {
        sql: 'a.member_state_code = :readerState',
        params: { readerState: reader.memberStateCode },
      };
    case 'focal-point': {
      const entries = scopeCondition(reader, 'scoped_fp')!;
      return {
        sql: `EXISTS (SELECT 1 FROM focal_point scoped_fp WHERE scoped_fp.authority_id = a.id AND ${entries.sql})`,
        params: entries.params,
      };
    }
  }
}

@Injectable()
export class AuthorityQueries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * By state, then English name. Naming another state is FORBIDDEN to a
   * coordinator or ministry system (they read their own state only).
   */
  list(
    reader: DirectoryReader,
    memberStateCode: string | null | undefined,
  ): Promise<AuthorityEntity[]> {
    let state: SqlCondition | undefined;
    if (memberStateCode != null) {
      const code = memberStateCode.trim().toUpperCase();
      if (!/^[A-Z]{2}$/.test(code)) {
        throw new DomainError(ErrorCode.BadUserInput, 'A member state code has two letters', {
          field: 'memberStateCode',
        });
      }
      if (
        (reader.kind === 'coordinator' || reader.kind === 'credential') &&
        reader.memberStateCode !== code
      ) {
        throw new DomainError(
          ErrorCode.Forbidden,
          'You may read your own state’s authorities only',
        );
      }
      state = { sql: 'a.member_state_code = :state', params: { state: code } };
    }
    const where = allOf([authorityScope(reader), state]);
    return this.dataSource.manager
      .createQueryBuilder(AuthorityEntity, 'a')
      .where(where.sql, where.params)
      .orderBy('a.memberStateCode', 'ASC')
      .addOrderBy('a.nameEn', 'ASC')
      .getMany();
  }

  /** One authority the reader may see; otherwise NOT_FOUND. */
  async get(reader: DirectoryReader, id: string): Promise<AuthorityEntity> {
    if (!UUID.test(id)) {
      throw new DomainError(ErrorCode.BadUserInput, 'An id is a UUID', { field: 'id' });
    }
    const where = allOf([{ sql: 'a.id = :id', params: { id } }, authorityScope(reader)]);
    const authority = await this.dataSource.manager
      .createQueryBuilder(AuthorityEntity, 'a')
      .where(where.sql, where.params)
      .getOne();
    if (!authority) throw new NotFoundError('Authority', id);
    return authority;
  }
}
