/**
 * The stored values of the visible metadata and of the thread's shape. The
 * keys are the protocol's (libs/crypto metadata.ts) and the GraphQL enum
 * values; the database keeps lower-case PostgreSQL enum values.
 */
export enum ThreadKind {
  /** A case within a network: to the whole network, to chosen states or to chosen focal points. */
  NETWORK = 'network',
  /** Between two accounts. */
  DIRECT = 'direct',
  /** From the Secretariat to every member state's national coordinators (circulations). */
  COORDINATORS = 'coordinators',
}

/** Whom a thread addresses; evaluated again at every message, so a new network member receives. */
export enum Addressing {
  NETWORK = 'network',
  STATES = 'states',
  FOCAL_POINTS = 'focal_points',
  DIRECT = 'direct',
  COORDINATORS = 'coordinators',
}

export enum MessageCategory {
  INFORMATION_EXCHANGE = 'information_exchange',
  ALERT = 'alert',
  REQUEST_FOR_ASSISTANCE = 'request_for_assistance',
  BEST_PRACTICE = 'best_practice',
  NOTICE = 'notice',
}

export enum MessagePriority {
  ROUTINE = 'routine',
  URGENT = 'urgent',
  FLASH = 'flash',
}

/** Europol's handling codes: restrictions on further use (H3: stated in the encrypted body). */
export enum HandlingCode {
  H0 = 'h0',
  H1 = 'h1',
  H2 = 'h2',
  H3 = 'h3',
}

export enum OutboxStatus {
  /** Waiting for the relay, or relayed and not yet fanned out. */
  PENDING = 'pending',
  /** The fan-out job exhausted its attempts; an operator may queue it again. */
  FAILED = 'failed',
}
