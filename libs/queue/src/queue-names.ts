/** Every BullMQ queue. The worker refuses to start unless each has exactly one processor. */
export enum QueueName {
  Maintenance = 'maintenance',
  Audit = 'audit',
  Notifications = 'notifications',
  Messages = 'messages',
  Webhooks = 'webhooks',
}

/** Deadline work (DESIGN §4): a repeatable job that runs every registered sweeper. */
export interface SweepJob {
  /** Why this sweep was queued: the schedule, or an operator or test asking for it now. */
  trigger: 'schedule' | 'manual';
}

/** Audit log upkeep (docs/audit.md): link pending events into the chain, sign its head. */
export interface AuditJob {
  trigger: 'schedule' | 'manual';
}

/**
 * Sends due notifications (docs/notifications.md): the rows in PostgreSQL say
 * what is due, so the job carries nothing and a burst of them makes one job.
 */
export interface NotificationsJob {
  trigger: 'soon' | 'manual';
}

/**
 * Fans one accepted message out to its devices (docs/messaging.md): one job per
 * message, queued by the worker's outbox relay, never one per delivery.
 */
export interface MessageFanOutJob {
  messageId: string;
}

/**
 * One attempt of one webhook delivery (docs/webhooks.md): the row in PostgreSQL
 * says what is due; the attempt number makes each attempt its own job.
 */
export interface WebhookDeliveryJob {
  deliveryId: string;
  attempt: number;
}

/** Job names and payloads per queue: producers and processors are typed from this map. */
export interface QueueJobs {
  [QueueName.Maintenance]: {
    sweep: SweepJob;
  };
  [QueueName.Audit]: {
    chain: AuditJob;
    checkpoint: AuditJob;
  };
  [QueueName.Notifications]: {
    dispatch: NotificationsJob;
  };
  [QueueName.Messages]: {
    'fan-out': MessageFanOutJob;
  };
  [QueueName.Webhooks]: {
    deliver: WebhookDeliveryJob;
  };
}

export type JobName<Q extends QueueName> = keyof QueueJobs[Q] & string;
export type JobData<Q extends QueueName, N extends JobName<Q>> = QueueJobs[Q][N];
