import { Module } from '@nestjs/common';
import { AuditModule } from '@fpn/audit';
import { EntryConfirmations } from './entry-confirmations.service';
import { StalenessReport } from './staleness-report.service';

/** Confirming entries and the staleness report, for the api (FreshnessResolver). */
@Module({
  imports: [AuditModule],
  providers: [EntryConfirmations, StalenessReport],
  exports: [EntryConfirmations, StalenessReport],
})
export class FreshnessModule {}
