import { type DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@fpn/config';
import { AuditChainer } from './chain/audit-chainer.service';
import { AuditCheckpointer } from './checkpoints/audit-checkpointer.service';
import { AuditService } from './events/audit.service';
import { AuditLogReader } from './graphql/audit-log.service';
import { AuditScheduler } from './jobs/audit-scheduler.service';
import { AuditProcessor } from './jobs/audit.processor';
import { AuditSigner } from './signing/audit-signer';

/** Recording security events, for the api and the worker alike. */
@Module({
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}

/** The Secretariat's view of the log, for the api (AuditLogResolver is in its resolver list). */
@Module({
  providers: [AuditLogReader],
  exports: [AuditLogReader],
})
export class AuditLogApiModule {}

/** What only the worker runs: the chainer, the signed checkpoints and their schedule. */
@Module({})
export class AuditWorkerModule {
  /** Reads the signing key file now: a worker without its key does not start. */
  static forRoot(config: AppConfig): DynamicModule {
    const seed = AuditSigner.loadSeed(config);
    return {
      module: AuditWorkerModule,
      imports: [AuditModule],
      providers: [
        { provide: AuditSigner, useFactory: () => AuditSigner.create(seed) },
        AuditChainer,
        AuditCheckpointer,
        AuditProcessor,
        AuditScheduler,
      ],
      exports: [AuditChainer, AuditCheckpointer],
    };
  }
}
