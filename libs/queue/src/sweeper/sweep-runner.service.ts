import { Injectable, Logger } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { Clock } from '@fpn/core';
import { DEADLINE_SWEEPER, type Sweeper } from './sweeper';

export interface SweepReport {
  at: Date;
  acted: Record<string, number>;
  failed: string[];
}

/** Runs every registered sweeper once, at the injected clock's "now". */
@Injectable()
export class SweepRunner {
  private readonly logger = new Logger(SweepRunner.name);
  private sweepers?: { name: string; sweeper: Sweeper }[];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly clock: Clock,
  ) {}

  async runAll(): Promise<SweepReport> {
    const at = this.clock.now();
    const report: SweepReport = { at, acted: {}, failed: [] };
    // One sweeper failing must not hold up the others; the job fails afterwards so BullMQ retries.
    for (const { name, sweeper } of this.registered()) {
      try {
        report.acted[name] = await sweeper.sweep(at);
      } catch (error) {
        report.failed.push(name);
        this.logger.error({ sweeper: name, err: (error as Error).message }, 'sweeper failed');
      }
    }
    if (report.failed.length > 0) {
      throw new Error(`sweepers failed: ${report.failed.join(', ')}`);
    }
    return report;
  }

  private registered() {
    this.sweepers ??= this.discovery.getProviders().flatMap((wrapper) => {
      if (!wrapper.metatype || !wrapper.instance) return [];
      if (!this.reflector.get<boolean | undefined>(DEADLINE_SWEEPER, wrapper.metatype)) return [];
      return [{ name: String(wrapper.name), sweeper: wrapper.instance as Sweeper }];
    });
    return this.sweepers;
  }
}
