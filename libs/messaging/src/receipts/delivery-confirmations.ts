import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type BatchOutcome, GatheredBatches, NotFoundError } from '@fpn/core';
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
 * API's most frequent operations. A confirmation moves one number, the
 * device's mark (`device.delivery_confirmed_up_to`): every delivery to it
 * at or below is delivered (the view `message_delivery_state`). It moves to
 * the device's own highest delivery at or below the cursor, never past it —
 * a cursor from nowhere cannot confirm what has not been sent yet — and
 * never back. Confirmations are written in gathered batches (@fpn/core
 * GatheredBatches): one statement reads the devices and moves the marks of
 * every confirmation that arrived while the previous one ran. The
 * receiving-device rule is checked in the statement's SQL for the update and
 * on the row it returns for the answer, per caller — one caller's refusal is
 * nobody else's. A device named twice goes in two statements, and a device's
 * row is locked while its mark moves, so each answer counts only what it
 * confirmed.
 */
@Injectable()
export class DeliveryConfirmations {
  private readonly batches = new GatheredBatches<Confirmation, number>(
    (batch) => this.write(batch),
    { maxBatch: MAX_BATCH, keyOf: (confirmation) => confirmation.deviceId },
  );

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Confirms the device's deliveries up to `upTo`; returns how many were unconfirmed. */
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
                           AND d.status <> $5, false) AS allowed
             FROM asked a LEFT JOIN device d ON d.device_id = a.device_id
         ), marks AS (
           -- The mark as it is now (a confirmation of the device elsewhere is waited for),
           -- and how far this one reaches: the device's own highest delivery within the cursor.
           -- Rows locked in device order, as every batch locks them: batches never deadlock.
           SELECT d.device_id, d.delivery_confirmed_up_to AS was,
                  (SELECT max(md.id) FROM message_delivery md
                    WHERE md.device_id = d.device_id AND md.id <= named.up_to) AS reached
             FROM device d JOIN named ON named.device_id = d.device_id AND named.allowed
            ORDER BY d.device_id
              FOR NO KEY UPDATE OF d
         ), moved AS (
           UPDATE device d SET delivery_confirmed_up_to = marks.reached
             FROM marks
            WHERE d.device_id = marks.device_id AND marks.reached > marks.was
         ), confirmed AS (
           SELECT marks.device_id, count(*)::int AS confirmed
             FROM marks
             JOIN message_delivery md
               ON md.device_id = marks.device_id AND md.id > marks.was AND md.id <= marks.reached
            WHERE md.delivered_at IS NULL
            GROUP BY 1
         )
         SELECT named.n, named.user_id, named.status, named.api_credential_id,
                COALESCE(c.confirmed, 0) AS confirmed
           FROM named
           LEFT JOIN confirmed c ON c.device_id = named.device_id`,
      [
        batch.map((c) => c.deviceId),
        batch.map((c) => c.upTo),
        batch.map((c) => c.caller.userId),
        batch.map((c) => (c.caller.kind === 'credential' ? c.caller.credentialId : null)),
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
