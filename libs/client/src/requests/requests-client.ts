import {
  CloseRequestDocument,
  NetworkRequestPolicyDocument,
  RequestStatusDocument,
  ResponseStatisticsDocument,
  SetNetworkRequestPolicyDocument,
  type NetworkRequestPolicyInput,
} from '../generated/graphql';
import type { Session } from '../transport/session';

/**
 * Requests for assistance (docs/requests.md): sending one is
 * `messaging.send({ category: 'REQUEST', … })`; this follows it up — the
 * status per addressed state, closing it, the network's deadlines, and the
 * Secretariat's response statistics (counts and durations, never content).
 */
export class RequestsClient {
  constructor(private readonly session: Session) {}

  /** Per addressed state: open, acknowledged, answered, overdue or closed; the sender, addressed states and the Secretariat. */
  async status(messageId: string) {
    return (await this.session.request(RequestStatusDocument, { messageId })).requestStatus;
  }

  /** The sender closes the request for every state (answered or not). */
  async close(messageId: string) {
    return (await this.session.request(CloseRequestDocument, { messageId })).closeRequest;
  }

  async policy(networkKey: string) {
    return (await this.session.request(NetworkRequestPolicyDocument, { networkKey }))
      .networkRequestPolicy;
  }

  /** The Secretariat sets a network's deadlines and escalation times (minutes). */
  async setPolicy(networkKey: string, policy: NetworkRequestPolicyInput) {
    return (await this.session.request(SetNetworkRequestPolicyDocument, { networkKey, policy }))
      .setNetworkRequestPolicy;
  }

  /** The Secretariat: per network and state, for messages sent in [from, to). */
  async statistics(range: { from: Date; to: Date; networkKey?: string }) {
    return (
      await this.session.request(ResponseStatisticsDocument, {
        from: range.from.toISOString(),
        to: range.to.toISOString(),
        networkKey: range.networkKey ?? null,
      })
    ).responseStatistics;
  }
}
