import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { Request } from 'express';
import { RequireRoles } from '@fpn/core';
import { CurrentPrincipal, type Principal, Role } from '@fpn/identity';
import { NetworkModel } from '../networks/network.model';
import { NetworkUpdateInput, NewNetworkInput } from './directory-change.inputs';
import { actorOf } from './directory-changes.resolver';
import { NetworkAdministration } from './network-administration.service';

@Resolver()
export class NetworkAdministrationResolver {
  constructor(private readonly networks: NetworkAdministration) {}

  @Mutation(() => NetworkModel, {
    description:
      'Add a network for a newly approved measure, with names in both languages. Secretariat administrators only.',
  })
  @RequireRoles(Role.SECRETARIAT_ADMIN)
  async createNetwork(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: NewNetworkInput,
    @Context('req') request: Request,
  ): Promise<NetworkModel> {
    return NetworkModel.fromEntity(await this.networks.create(actorOf(principal, request), input));
  }

  @Mutation(() => NetworkModel, {
    description: "Change a network's names or confirmation interval. The Secretariat only.",
  })
  @RequireRoles(Role.SECRETARIAT_ADMIN, Role.SECRETARIAT_OFFICER)
  async updateNetwork(
    @CurrentPrincipal() principal: Principal,
    @Args('key') key: string,
    @Args('input') input: NetworkUpdateInput,
    @Context('req') request: Request,
  ): Promise<NetworkModel> {
    return NetworkModel.fromEntity(
      await this.networks.update(actorOf(principal, request), key, input),
    );
  }
}
