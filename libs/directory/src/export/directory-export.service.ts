import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type AuditEvent, AuditEventType, AuditService } from '@fpn/audit';
import { DataSource } from 'typeorm';
import {
  mayReadContactChannels,
  type DirectoryReader,
  showsMembershipOf,
} from '../reading/directory-reader';
import { DirectoryLoaders } from '../reading/directory-loaders';
import type { RosterPosition } from '../reading/roster-cursor';
import type { RosterFilter } from '../reading/roster-filter';
import { RosterQueries } from '../reading/roster-queries.service';
import { type RosterCsvEntry, rosterCsvRow, rosterCsvStringifier } from './roster-csv';

/** Entries read per query while exporting: memory stays flat however large the roster. */
const EXPORT_BATCH = 500;

/** Who exports, for the audit log. */
export type ExportActor = Pick<
  AuditEvent,
  'actorId' | 'actorRole' | 'memberState' | 'ip' | 'requestId' | 'subjectType' | 'subjectId'
>;

export interface RosterExport {
  /** How many entries the export holds (counted when it was audited). */
  entries: number;
  /** The CSV, produced batch by batch as it is read. */
  csv: Readable;
}

/**
 * The roster as a CSV file: exactly what the reader may see (the same scope
 * as the GraphQL queries; contact channels only where visible), one row per
 * entry with its memberships, in the roster's order. Audited before the first
 * byte leaves: who, which filter, how many entries.
 */
@Injectable()
export class DirectoryExport {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: RosterQueries,
    private readonly audit: AuditService,
  ) {}

  async open(
    reader: DirectoryReader,
    filter: RosterFilter,
    actor: ExportActor,
  ): Promise<RosterExport> {
    const entries = await this.queries.count(reader, filter);
    const keyOf = new Map([...reader.networks].map(([key, id]) => [id, key]));
    await this.audit.recordNow({
      ...actor,
      type: AuditEventType.DIRECTORY_EXPORTED,
      details: {
        entries,
        memberStateCode: filter.memberStateCode ?? null,
        networkKey: filter.networkId ? (keyOf.get(filter.networkId) ?? null) : null,
      },
    });
    const csv = rosterCsvStringifier();
    const batches = Readable.from(this.rows(reader, filter));
    batches.on('error', (error) => csv.destroy(error));
    batches.pipe(csv);
    return { entries, csv };
  }

  /** The CSV rows, batch by batch. */
  private async *rows(reader: DirectoryReader, filter: RosterFilter): AsyncGenerator<string[]> {
    const loaders = new DirectoryLoaders(this.dataSource, this.queries, Promise.resolve(reader));
    const keyOf = new Map([...reader.networks].map(([key, id]) => [id, key]));
    let after: RosterPosition | undefined;
    for (;;) {
      const page = await this.queries.page(reader, filter, EXPORT_BATCH, after);
      const items = await Promise.all(
        page.entries.map(async (entry): Promise<RosterCsvEntry> => {
          const memberState = await loaders.memberState.load(entry.memberStateCode);
          const memberships = entry.memberships!;
          const networkIds = memberships.map((membership) => membership.networkId);
          return {
            entry,
            memberState,
            authority: entry.authority,
            memberships: memberships
              .filter(showsMembershipOf(reader, entry.id))
              .map((membership) => `${keyOf.get(membership.networkId)} (${membership.role})`),
            contactChannels: mayReadContactChannels(reader, entry, networkIds)
              ? entry.contactChannels
              : null,
          };
        }),
      );
      for (const item of items) yield rosterCsvRow(item);
      if (!page.hasNextPage) return;
      after = page.entries.at(-1);
    }
  }
}
