import { Module } from '@nestjs/common';
import { AuditModule } from '@fpn/audit';
import { DirectoryReadingModule } from '../reading/directory-reading.module';
import { DirectoryExportController } from './directory-export.controller';
import { DirectoryExport } from './directory-export.service';

/** The CSV export route, for the api only (the worker has no HTTP). */
@Module({
  imports: [DirectoryReadingModule, AuditModule],
  controllers: [DirectoryExportController],
  providers: [DirectoryExport],
  exports: [DirectoryExport],
})
export class DirectoryExportModule {}
