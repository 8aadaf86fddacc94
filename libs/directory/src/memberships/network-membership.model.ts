import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { NetworkModel } from '../networks/network.model';
import { MembershipRole, type NetworkMembershipEntity } from './network-membership.entity';

registerEnumType(MembershipRole, {
  name: 'MembershipRole',
  description: "A focal point's place in a network for their state.",
});

@ObjectType('NetworkMembership', {
  description: 'A focal point in a network: primary or alternate for their state.',
})
export class NetworkMembershipModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  focalPointId!: string;

  @Field(() => ID)
  networkId!: string;

  @Field(() => MembershipRole)
  role!: MembershipRole;

  @Field(() => NetworkModel)
  network!: NetworkModel;

  /** A membership read with its network (`entity.network` filled). */
  static fromEntity(entity: NetworkMembershipEntity): NetworkMembershipModel {
    if (!entity.network) throw new Error(`membership ${entity.id} was read without its network`);
    return Object.assign(new NetworkMembershipModel(), {
      id: entity.id,
      focalPointId: entity.focalPointId,
      networkId: entity.networkId,
      role: entity.role,
      network: NetworkModel.fromEntity(entity.network),
    });
  }
}
