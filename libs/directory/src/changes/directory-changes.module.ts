import { Module } from '@nestjs/common';
import { AuditModule } from '@fpn/audit';
import { NotificationsModule } from '@fpn/notifications';
import { DirectoryVersions } from '../history/directory-versions.service';
import { AuthorityWriter } from './authority-writer.service';
import { ChangeApplier } from './change-applier.service';
import { DirectoryDecisions } from './directory-decisions.service';
import { DirectoryEdits } from './directory-edits.service';
import { DirectoryNotices } from './directory-notices.service';
import { DirectoryProposals } from './directory-proposals.service';
import { FocalPointWriter } from './focal-point-writer.service';
import { NetworkAdministration } from './network-administration.service';
import { RequestInformation } from './request-information.service';

/** The directory's paper trail: proposals, decisions, direct edits and versions. */
@Module({
  imports: [AuditModule, NotificationsModule],
  providers: [
    DirectoryVersions,
    FocalPointWriter,
    AuthorityWriter,
    ChangeApplier,
    DirectoryNotices,
    DirectoryProposals,
    DirectoryDecisions,
    DirectoryEdits,
    NetworkAdministration,
    RequestInformation,
  ],
  exports: [
    DirectoryVersions,
    FocalPointWriter,
    DirectoryProposals,
    DirectoryDecisions,
    DirectoryEdits,
    NetworkAdministration,
    RequestInformation,
  ],
})
export class DirectoryChangesModule {}
