/**
 * The one source of "now" (DESIGN §4). Nothing reads `Date.now()` directly, so
 * deadline work can be driven by moving a test clock instead of waiting.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
