import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DirectoryChangesModule } from './changes/directory-changes.module';
import { CommunicationChecksModule } from './communication-checks/communication-checks.module';
import { FreshnessModule } from './freshness/freshness.module';
import { MemberStateEntity } from './member-states/member-state.entity';
import { MemberStatesService } from './member-states/member-states.service';
import { NetworkEntity } from './networks/network.entity';
import { NetworksService } from './networks/networks.service';
import { DirectoryReadingModule } from './reading/directory-reading.module';

@Module({
  imports: [
    TypeOrmModule.forFeature([MemberStateEntity, NetworkEntity]),
    FreshnessModule,
    CommunicationChecksModule,
    DirectoryChangesModule,
    DirectoryReadingModule,
  ],
  providers: [MemberStatesService, NetworksService],
  exports: [
    MemberStatesService,
    NetworksService,
    FreshnessModule,
    CommunicationChecksModule,
    DirectoryChangesModule,
    DirectoryReadingModule,
  ],
})
export class DirectoryModule {}
