/** Where a request stands in one addressed state. */
export enum RequestStateStatus {
  OPEN = 'OPEN',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  ANSWERED = 'ANSWERED',
  OVERDUE = 'OVERDUE',
  CLOSED = 'CLOSED',
}

/**
 * Answered wins (even late: whether on time is shown beside it); then closed
 * by the sender; then overdue once the due date passed; then acknowledged by
 * someone of the state; else open.
 */
export function requestStateStatus(
  state: { answeredAt: Date | null; acknowledgedAt: Date | null },
  request: { dueAt: Date; closedAt: Date | null },
  now: Date,
): RequestStateStatus {
  if (state.answeredAt) return RequestStateStatus.ANSWERED;
  if (request.closedAt) return RequestStateStatus.CLOSED;
  if (request.dueAt.getTime() <= now.getTime()) return RequestStateStatus.OVERDUE;
  if (state.acknowledgedAt) return RequestStateStatus.ACKNOWLEDGED;
  return RequestStateStatus.OPEN;
}
