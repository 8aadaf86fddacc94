import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Any fixed number, distinct from the other advisory locks: held by whoever
 * gives deliveries their positions, from the statement to its commit.
 */
export const DELIVERY_POSITION_LOCK_KEY = 4_171_202_702;

/** Rows one positioning transaction takes. */
const BATCH = 5_000;

/**
 * Gives committed deliveries their positions — the devices' cursors — in
 * commit order. A send commits its deliveries without one, in parallel with
 * every other send; positions are then taken in batches, under one advisory
 * lock held to commit, from the rows that are committed when the statement
 * starts. A transaction that commits late simply has its rows positioned by
 * a later batch, above every position already visible: a device that read up
 * to a cursor can never later find a row below it. The relay positions before
 * queuing fan-outs; a fan-out or an inbox read that finds a row without one
 * positions it first, so catch-up works with no worker running.
 */
@Injectable()
export class DeliveryPositions {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Positions every committed delivery still without one; returns how many. */
  async assignPending(): Promise<number> {
    let assigned = 0;
    for (;;) {
      const count = await this.dataSource.transaction(async (manager) => {
        await manager.query('SELECT pg_advisory_xact_lock($1)', [DELIVERY_POSITION_LOCK_KEY]);
        // nextval in the order of the sorted subquery: a batch keeps the sends' order.
        const [, updated] = (await manager.query(
          `UPDATE message_delivery d SET position = p.position
             FROM (SELECT id, nextval('message_delivery_position_seq') AS position
                     FROM (SELECT id FROM message_delivery WHERE position IS NULL
                            ORDER BY id LIMIT $1) pending) p
            WHERE d.id = p.id`,
          [BATCH],
        )) as [unknown, number];
        return updated;
      });
      assigned += count;
      if (count < BATCH) return assigned;
    }
  }
}
