/** The longest wait between two attempts of one webhook delivery. */
export const MAX_WEBHOOK_BACKOFF_SECONDS = 3600;

/**
 * The wait after attempt `attempt` (1-based) fails: the base, doubling each
 * time, capped at an hour — so a receiver down for a day is still tried hourly.
 */
export function webhookBackoffMs(attempt: number, baseSeconds: number): number {
  const doublings = Math.min(Math.max(0, attempt - 1), 30);
  return Math.min(baseSeconds * 2 ** doublings, MAX_WEBHOOK_BACKOFF_SECONDS) * 1000;
}

/** The BullMQ job id of one attempt: queuing the same attempt twice makes one job. */
export const webhookJobId = (deliveryId: string, attempt: number) =>
  `webhook-${deliveryId}-${attempt}`;
