import type { EntityManager } from 'typeorm';
import type { MessagingCaller } from '../caller/messaging-caller';

/**
 * What a caller may read. A person: the messages they sent or were
 * addressed, and the threads they take part in. A ministry system: only
 * what its credential's device was sent or sent itself — not everything of
 * the account it acts for, which may reach beyond the credential's scope.
 */
export interface Visibility {
  caller: MessagingCaller;
  /** A ministry system's devices (every device ever bound to its credential). */
  credentialDevices: string[];
}

export async function visibilityOf(
  manager: EntityManager,
  caller: MessagingCaller,
): Promise<Visibility> {
  if (caller.kind !== 'credential') return { caller, credentialDevices: [] };
  const rows = await manager.query<{ device_id: string }[]>(
    'SELECT device_id FROM device WHERE api_credential_id = $1',
    [caller.credentialId],
  );
  return { caller, credentialDevices: rows.map((row) => row.device_id) };
}

type Fragment = { sql: string; params: Record<string, unknown> };

/** A condition on the message alias `m`, with named parameters. */
export function visibleMessage(visibility: Visibility, m = 'm'): Fragment {
  const { caller } = visibility;
  if (caller.kind === 'credential') {
    return {
      sql: `(${m}.sender_credential_id = :readerCredentialId OR EXISTS (
               SELECT 1 FROM message_delivery vd
                WHERE vd.message_id = ${m}.id AND vd.device_id = ANY(:readerDevices::varchar[])))`,
      params: {
        readerCredentialId: caller.credentialId,
        readerDevices: visibility.credentialDevices,
      },
    };
  }
  return {
    sql: `(${m}.sender_user_id = :readerId OR EXISTS (
             SELECT 1 FROM message_recipient vr
              WHERE vr.message_id = ${m}.id AND vr.user_id = :readerId))`,
    params: { readerId: caller.userId },
  };
}

/** A condition on the thread alias `t`: the caller takes part in it. */
export function visibleThread(visibility: Visibility, t = 't'): Fragment {
  const { caller } = visibility;
  if (caller.kind === 'credential') {
    const message = visibleMessage(visibility, 'vm');
    return {
      sql: `EXISTS (SELECT 1 FROM message vm WHERE vm.thread_id = ${t}.id AND ${message.sql})`,
      params: message.params,
    };
  }
  return {
    sql: `EXISTS (SELECT 1 FROM message_thread_participant vp
                   WHERE vp.thread_id = ${t}.id AND vp.user_id = :readerId)`,
    params: { readerId: caller.userId },
  };
}
