import { Clock } from '@fpn/core';

/** A clock tests set and move; deadline sweeps then run "later" without waiting. */
export class TestClock extends Clock {
  private current: Date;

  constructor(start: Date | string = '2026-01-15T09:00:00Z') {
    super();
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  set(to: Date | string): void {
    this.current = new Date(to);
  }

  advance(ms: number): Date {
    this.current = new Date(this.current.getTime() + ms);
    return this.now();
  }
}
