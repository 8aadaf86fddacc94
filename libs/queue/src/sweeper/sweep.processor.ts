import { Injectable } from '@nestjs/common';
import { type JobProcessor, ProcessesQueue, type QueueJob } from '../processing/job-processor';
import { QueueName } from '../queue-names';
import { SweepRunner } from './sweep-runner.service';

@Injectable()
@ProcessesQueue(QueueName.Maintenance)
export class MaintenanceProcessor implements JobProcessor<QueueName.Maintenance> {
  constructor(private readonly sweeps: SweepRunner) {}

  async process(job: QueueJob<QueueName.Maintenance>) {
    switch (job.name) {
      case 'sweep':
        return this.sweeps.runAll();
    }
  }
}
