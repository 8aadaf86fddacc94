import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type BatchOutcome, Clock, GatheredBatches, NotFoundError } from '@fpn/core';
import { DeviceStatus } from '@fpn/keys';
import { DataSource } from 'typeorm';
import type { MessagingCaller } from '../caller/messaging-caller';
import { checkReceivingDevice, type ReceivingDeviceRow } from '../reading/receiving-devices';

/** At most this many confirmations in one statement. */
const MAX_BATCH = 500;
/** The longest device id stored (device.device_id). */
const MAX_DEVICE_ID = 128;

interface Confirmation {
  caller: MessagingCaller;
  deviceId: string;
  /** The delivery id the cursor names. */
  upTo: string;
}

/**
 * Every device confirms about once a second, so confirmations are among the
 * API's most frequent operations. They are written in gathered batches
 * (@fpn/core GatheredBatches): one statement reads the devices and marks the
 * deliveries of every confirmation that arrived while the previous one ran.
 * The receiving-device rule is checked in the statement's SQL for the UPDATE
 * and on the row it returns for the answer, per caller — one caller's refusal
 * is nobody else's. A device named twice goes in two statements, so each
 * answer counts only what it confirmed.
 */
@Injectable()
export class DeliveryConfirmations {
  private readonly batches = new GatheredBatches<Confirmation, number>(
    (batch) => this.write(batch),
    { maxBatch: MAX_BATCH, keyOf: (confirmation) => confirmation.deviceId },
  );

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Marks the device's unconfirmed deliveries up to `upTo`; returns how many. */
  confirm(caller: MessagingCaller, deviceId: string, upTo: string): Promise<number> {
    // Nothing that could fail the statement for the others goes in: such an id names no device.
    if (deviceId.length > MAX_DEVICE_ID || deviceId.includes('\0')) {
      return Promise.reject(new NotFoundError('Device', deviceId.slice(0, MAX_DEVICE_ID)));
    }
    return this.batches.submit({ caller, deviceId, upTo });
  }

  private async write(batch: Confirmation[]): Promise<BatchOutcome<number>[]> {
    const rows = await this.dataSource.query<
      (ReceivingDeviceRow & { n: string; confirmed: number })[]
    >(
      `WITH asked AS (
           SELECT * FROM unnest($1::varchar[], $2::bigint[], $3::uuid[], $4::uuid[])
                    WITH ORDINALITY AS a(device_id, up_to, user_id, credential_id, n)
         ), named AS (
           SELECT a.n, a.device_id, a.up_to, d.user_id, d.status, d.api_credential_id,
                  COALESCE(d.user_id = a.user_id
                           AND d.api_credential_id IS NOT DISTINCT FROM a.credential_id
                           AND d.status <> $6, false) AS allowed
             FROM asked a LEFT JOIN device d ON d.device_id = a.device_id
         ), confirmed AS (
           UPDATE message_delivery md SET delivered_at = $5
             FROM named
            WHERE named.allowed AND md.device_id = named.device_id
              AND md.id <= named.up_to AND md.delivered_at IS NULL
           RETURNING md.device_id
         )
         SELECT named.n, named.user_id, named.status, named.api_credential_id,
                COALESCE(c.confirmed, 0) AS confirmed
           FROM named
           LEFT JOIN (SELECT device_id, count(*)::int AS confirmed FROM confirmed GROUP BY 1) c
                  ON c.device_id = named.device_id`,
      [
        batch.map((c) => c.deviceId),
        batch.map((c) => c.upTo),
        batch.map((c) => c.caller.userId),
        batch.map((c) => (c.caller.kind === 'credential' ? c.caller.credentialId : null)),
        this.clock.now(),
        DeviceStatus.REVOKED,
      ],
    );
    const byPosition = new Map(rows.map((row) => [Number(row.n), row]));
    return batch.map((confirmation, index) => {
      const row = byPosition.get(index + 1)!;
      try {
        // A device that does not exist comes back with its columns null.
        const device = row.user_id === null ? undefined : row;
        checkReceivingDevice(device, confirmation.caller, confirmation.deviceId);
        return { value: row.confirmed };
      } catch (refused) {
        return { error: refused };
      }
    });
  }
}
