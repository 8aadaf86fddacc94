import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { probe } from '@fpn/core';
import { DataSource } from 'typeorm';
import { MIGRATIONS_TABLE } from '../data-source-options';

@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly dataSource: DataSource,
    private readonly health: HealthIndicatorService,
  ) {}

  /** PostgreSQL answers and every migration this build knows of has been applied. */
  check(key = 'postgres') {
    return probe(this.health, key, 3_000, async () => {
      const pending = await this.pendingMigrations();
      if (pending.length > 0) {
        throw new Error(`${pending.length} migration(s) not applied: ${pending.join(', ')}`);
      }
      return { migrations: 'applied' };
    });
  }

  async pendingMigrations(): Promise<string[]> {
    const known = this.dataSource.migrations.map(
      (migration) => migration.name ?? migration.constructor.name,
    );
    const [{ table }] = await this.dataSource.query<{ table: string | null }[]>(
      'SELECT to_regclass($1)::text AS table',
      [MIGRATIONS_TABLE],
    );
    if (!table) return known;
    const rows = await this.dataSource.query<{ name: string }[]>(
      `SELECT name FROM ${MIGRATIONS_TABLE}`,
    );
    const applied = new Set(rows.map((row) => row.name));
    return known.filter((name) => !applied.has(name));
  }
}
