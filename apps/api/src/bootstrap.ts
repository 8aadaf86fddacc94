import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig } from '@fpn/config';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { ApiHttpAdapter } from './http-adapter';

/** Creates the API application; `main.ts` listens, tests may override providers first. */
export async function createApiApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config),
    new ApiHttpAdapter(),
    { bufferLogs: true, abortOnError: false },
  );
  configureApiApp(app, config);
  return app;
}

export function configureApiApp(app: NestExpressApplication, config: AppConfig): void {
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.useBodyParser('json', { limit: config.http.bodyLimitBytes });
  app.enableShutdownHooks();
}
