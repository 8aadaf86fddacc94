const MINUTE_MS = 60_000;

/** How long a worker holds claimed e-mails before another may take them (its sends time out sooner). */
export const SEND_LEASE_MS = 5 * MINUTE_MS;

/**
 * The wait before the next attempt after `attempts` failed ones: 1, 2, 4, 8,
 * 16, 32 minutes, then hourly. With the default eight attempts an e-mail is
 * given up about two hours after the first failure.
 */
export function retryDelayMs(attempts: number): number {
  return Math.min(MINUTE_MS * 2 ** Math.max(0, attempts - 1), 60 * MINUTE_MS);
}

/** Why a send failed, as it may be stored and logged: an error code, never a message. */
export interface SendFailure {
  /** e.g. `ECONNECTION`, `EENVELOPE 550`. */
  code: string;
  /** The relay refused this message for good (5xx): retrying cannot help. */
  permanent: boolean;
  /** The relay itself is unreachable: the rest of the batch waits too. */
  transportDown: boolean;
}

const TRANSPORT_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EAUTH',
  'ENOAUTH',
  'EPROTOCOL',
  'ECONNREFUSED',
]);
const MESSAGE_CODES = new Set(['EENVELOPE', 'EMESSAGE']);

/** Classifies a nodemailer or file-system error without keeping its text (it may name addresses). */
export function classifySendError(error: unknown): SendFailure {
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  const name = typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,30}$/.test(code) ? code : 'ERROR';
  const status =
    typeof responseCode === 'number' && responseCode >= 200 && responseCode < 600
      ? responseCode
      : undefined;
  const messageSpecific = MESSAGE_CODES.has(name);
  return {
    code: status ? `${name} ${status}` : name,
    permanent: messageSpecific && status !== undefined && status >= 500,
    transportDown: TRANSPORT_CODES.has(name) || status === 421 || !messageSpecific,
  };
}
