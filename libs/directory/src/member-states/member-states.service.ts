import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { NotFoundError } from '@fpn/core';
import { Repository } from 'typeorm';
import { MemberStateEntity } from './member-state.entity';

@Injectable()
export class MemberStatesService {
  constructor(
    @InjectRepository(MemberStateEntity)
    private readonly memberStates: Repository<MemberStateEntity>,
  ) {}

  list(): Promise<MemberStateEntity[]> {
    return this.memberStates.find({ order: { nameEn: 'ASC' } });
  }

  async getByCode(code: string): Promise<MemberStateEntity> {
    const state = await this.memberStates.findOneBy({ code: code.toUpperCase() });
    if (!state) throw new NotFoundError('Member state', code);
    return state;
  }
}
