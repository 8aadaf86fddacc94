import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { AppConfig } from '@fpn/config';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

/** The worker is an application context: no HTTP server. */
export async function createWorkerContext(config: AppConfig): Promise<INestApplicationContext> {
  const context = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    bufferLogs: true,
    abortOnError: false,
  });
  context.useLogger(context.get(Logger));
  context.enableShutdownHooks();
  return context;
}
