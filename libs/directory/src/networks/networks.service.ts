import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { NotFoundError } from '@fpn/core';
import { Repository } from 'typeorm';
import { NetworkEntity } from './network.entity';

@Injectable()
export class NetworksService {
  constructor(
    @InjectRepository(NetworkEntity)
    private readonly networks: Repository<NetworkEntity>,
  ) {}

  list(): Promise<NetworkEntity[]> {
    return this.networks.find({ order: { nameEn: 'ASC' } });
  }

  async getByKey(key: string): Promise<NetworkEntity> {
    const network = await this.networks.findOneBy({ key });
    if (!network) throw new NotFoundError('Network', key);
    return network;
  }
}
