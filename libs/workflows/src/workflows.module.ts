import { Module } from '@nestjs/common';
import { AuditModule } from '@fpn/audit';

/**
 * Consensus workflows and the Action Plan for the api (docs/workflows.md):
 * silence procedures, numbered notes, activities with their calendar, and
 * the yearly review.
 */
@Module({
  imports: [AuditModule],
  providers: [],
  exports: [],
})
export class WorkflowsModule {}

/** What only the worker runs: the procedure deadline sweeper. */
@Module({
  imports: [AuditModule],
  providers: [],
  exports: [],
})
export class WorkflowsWorkerModule {}
