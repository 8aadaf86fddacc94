import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppConfig } from '@fpn/config';
import { DataSource } from 'typeorm';
import {
  DeadlineSweeper,
  ProcessesQueue,
  QueueName,
  QueueProducer,
  RedisService,
  type JobProcessor,
  type Sweeper,
} from '@fpn/queue';
import { createTestDatabase, eventually, startTestApp, testEnv, type TestApp } from '@fpn/testing';
import { WorkerModule } from '../../apps/worker/src/worker.module';

@Injectable()
@DeadlineSweeper()
class RecordingSweeper implements Sweeper {
  readonly sweptAt: Date[] = [];
  async sweep(now: Date): Promise<number> {
    this.sweptAt.push(now);
    return 1;
  }
}

@Module({ providers: [RecordingSweeper], exports: [RecordingSweeper] })
class RecordingSweeperModule {}

describe('the worker and its queues', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ workerImports: [RecordingSweeperModule] });
  });
  afterAll(() => app?.close());

  it('runs every deadline sweeper at the injected clock time when a sweep job is queued', async () => {
    const sweeper = app.worker!.get(RecordingSweeper);
    app.clock.set('2027-03-01T12:00:00Z');
    await app.api.get(QueueProducer).add(QueueName.Maintenance, 'sweep', { trigger: 'manual' });
    const sweptAt = await eventually(() =>
      sweeper.sweptAt.find((at) => at.toISOString() === '2027-03-01T12:00:00.000Z'),
    );
    expect(sweptAt).toEqual(new Date('2027-03-01T12:00:00Z'));
  });

  it('keeps one repeatable sweep scheduled in Redis under this deployment prefix', async () => {
    const queue = app.api.get(QueueProducer).queue(QueueName.Maintenance);
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toEqual(['deadline-sweep']);
    expect(queue.opts.prefix).toBe(`${app.config.redis.prefix}:bull`);
  });
});

describe('worker start-up checks', () => {
  @Injectable()
  @ProcessesQueue(QueueName.Maintenance)
  class SecondMaintenanceProcessor implements JobProcessor<QueueName.Maintenance> {
    async process() {
      return undefined;
    }
  }

  it('refuses to start when a queue has two processors', async () => {
    const database = await createTestDatabase();
    try {
      const config = AppConfig.fromEnv(testEnv(database));
      const module = await Test.createTestingModule({
        imports: [WorkerModule.forRoot(config)],
        providers: [SecondMaintenanceProcessor],
      }).compile();
      const failure = await module.init().then(
        () => undefined,
        (error: Error) => error.message,
      );
      // A context whose start failed cannot be closed by Nest; release what it opened.
      await module.get(DataSource).destroy();
      await module.get(RedisService).onApplicationShutdown();
      expect(failure).toBe(
        'Worker cannot start: queue "maintenance" has 2 processors (MaintenanceProcessor, SecondMaintenanceProcessor)',
      );
    } finally {
      await database.drop();
    }
  });
});
