import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MemberStateEntity } from './member-states/member-state.entity';
import { MemberStatesService } from './member-states/member-states.service';
import { NetworkEntity } from './networks/network.entity';
import { NetworksService } from './networks/networks.service';

@Module({
  imports: [TypeOrmModule.forFeature([MemberStateEntity, NetworkEntity])],
  providers: [MemberStatesService, NetworksService],
  exports: [MemberStatesService, NetworksService],
})
export class DirectoryModule {}
