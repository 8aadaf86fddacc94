import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AllowApiCredential, Authenticated, RequireRoles } from '@fpn/core';
import { ApiOperation, type AuthenticatedRequest, originOf, Role } from '@fpn/identity';
import { messagingCallerOf } from '../caller/messaging-caller';
import { RequestPolicies } from './request-policies.service';
import {
  NetworkRequestPolicyInput,
  NetworkRequestPolicyModel,
  RequestModel,
  StateResponseStatisticsModel,
} from './requests.models';
import { Requests } from './requests.service';
import { ResponseStatistics } from './statistics/response-statistics.service';

const { MESSAGES_READ, MESSAGES_SEND } = ApiOperation;

/**
 * Requests for assistance (docs/messaging.md): status per state, closing,
 * the network's policy, and the Secretariat's response statistics. Sending
 * and answering go through sendMessage (directlyAccessible, isAnswer).
 */
@Resolver()
export class RequestsResolver {
  constructor(
    private readonly requests: Requests,
    private readonly policies: RequestPolicies,
    private readonly statistics: ResponseStatistics,
  ) {}

  @Query(() => RequestModel, {
    description:
      'A request and where it stands per addressed state. The sender and the Secretariat see every state; an addressed person or coordinator of a state sees that state.',
  })
  @Authenticated()
  @AllowApiCredential(MESSAGES_READ)
  requestStatus(
    @Context('req') request: AuthenticatedRequest,
    @Args('messageId') messageId: string,
  ): Promise<RequestModel> {
    return this.requests.status(messagingCallerOf(request), messageId);
  }

  @Mutation(() => RequestModel, {
    description: 'The sender closes a request: no more reminders or escalation. Idempotent.',
  })
  @Authenticated()
  @AllowApiCredential(MESSAGES_SEND)
  closeRequest(
    @Context('req') request: AuthenticatedRequest,
    @Args('messageId') messageId: string,
  ): Promise<RequestModel> {
    return this.requests.close(messagingCallerOf(request), messageId, originOf(request));
  }

  @Query(() => NetworkRequestPolicyModel, {
    description: "A network's request deadlines and escalation times.",
  })
  @Authenticated()
  @AllowApiCredential(MESSAGES_SEND)
  networkRequestPolicy(@Args('networkKey') networkKey: string): Promise<NetworkRequestPolicyModel> {
    return this.policies.get(networkKey);
  }

  @Mutation(() => NetworkRequestPolicyModel, {
    description:
      "Secretariat administrators: set a network's request deadlines and escalation times.",
  })
  @RequireRoles(Role.SECRETARIAT_ADMIN)
  setNetworkRequestPolicy(
    @Context('req') request: AuthenticatedRequest,
    @Args('networkKey') networkKey: string,
    @Args('policy') policy: NetworkRequestPolicyInput,
  ): Promise<NetworkRequestPolicyModel> {
    return this.policies.set(messagingCallerOf(request), networkKey, policy, originOf(request));
  }

  @Query(() => [StateResponseStatisticsModel], {
    description:
      'The Secretariat: per network and state, messages and requests sent in [from, to), the share answered on time and the time to answer 80 % — counts and durations only.',
  })
  @RequireRoles(Role.SECRETARIAT_ADMIN, Role.SECRETARIAT_OFFICER)
  responseStatistics(
    @Args('from', { type: () => Date }) from: Date,
    @Args('to', { type: () => Date }) to: Date,
    @Args('networkKey', { type: () => String, nullable: true }) networkKey: string | null,
  ): Promise<StateResponseStatisticsModel[]> {
    return this.statistics.forPeriod({ from, to, networkKey });
  }
}
