import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, ErrorCode } from '@fpn/core';
import { DataSource } from 'typeorm';

/** One network and member state over a period: counts and durations, never content. */
export interface StateResponseStatistics {
  networkKey: string;
  memberStateCode: string;
  /** Messages the state's people (and ministry systems) sent in the network. */
  messagesSent: number;
  /** Of those, requests for assistance. */
  requestsSent: number;
  /** Requests addressed to the state. */
  requestsReceived: number;
  requestsAnswered: number;
  requestsAnsweredOnTime: number;
  /** Answered on time ÷ received; null with none received. */
  shareAnsweredOnTime: number | null;
  /** 80 % of the answered requests were answered within this many seconds; null with none answered. */
  secondsToAnswer80Percent: number | null;
}

/** The longest period one query covers. */
export const MAX_STATISTICS_DAYS = 5 * 366;
const DAY_MS = 86_400_000;

/** One network over a period (the yearly review): requests, answers per addressed state, durations. */
export interface NetworkResponseStatistics {
  networkKey: string;
  /** Requests for assistance sent in the network. */
  requests: number;
  /** Addressed states over those requests (a request to three states counts three). */
  requestsReceived: number;
  requestsAnswered: number;
  requestsAnsweredOnTime: number;
  /** Answered on time ÷ received; null with none received. */
  shareAnsweredOnTime: number | null;
  /** The median (`percentile_disc` 0.5) of the time from sending to a state's answer. */
  secondsToAnswerMedian: number | null;
  secondsToAnswer80Percent: number | null;
}

function checkPeriod(from: Date, to: Date): void {
  if (!(from.getTime() < to.getTime())) {
    throw new DomainError(ErrorCode.BadUserInput, '`from` must come before `to`', {
      field: 'from',
    });
  }
  if (to.getTime() - from.getTime() > MAX_STATISTICS_DAYS * DAY_MS) {
    throw new DomainError(ErrorCode.BadUserInput, `At most ${MAX_STATISTICS_DAYS} days at once`, {
      field: 'to',
    });
  }
}

/**
 * Requests sent in [$1, $2) and their answers per addressed state, grouped by
 * network (and by addressed state, with `by = 'state'`): one definition of
 * "answered", "on time" and the durations for every statistic.
 */
const answersSql = (by: 'state' | 'network') => `
         SELECT q.network_id${by === 'state' ? ', s.member_state_code AS state' : ''},
                count(DISTINCT q.message_id)::int AS request_count,
                count(*)::int AS requests,
                count(s.answered_at)::int AS answered,
                count(*) FILTER (WHERE s.answered_at <= q.due_at)::int AS on_time,
                percentile_disc(0.5) WITHIN GROUP (
                  ORDER BY extract(epoch FROM s.answered_at - q.sent_at))
                  FILTER (WHERE s.answered_at IS NOT NULL) AS p50,
                percentile_disc(0.8) WITHIN GROUP (
                  ORDER BY extract(epoch FROM s.answered_at - q.sent_at))
                  FILTER (WHERE s.answered_at IS NOT NULL) AS p80
           FROM message_request q
           JOIN message_request_state s ON s.message_id = q.message_id
          WHERE q.sent_at >= $1 AND q.sent_at < $2
          GROUP BY q.network_id${by === 'state' ? ', s.member_state_code' : ''}`;

const seconds = (value: string | null) => (value === null ? null : Math.round(Number(value)));

/**
 * Response-time statistics for the Secretariat (DESIGN §3.5): per network and
 * state, over messages and requests sent in [from, to). Only the visible
 * metadata and timestamps are read.
 */
@Injectable()
export class ResponseStatistics {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async forPeriod(period: {
    from: Date;
    to: Date;
    networkKey?: string | null;
  }): Promise<StateResponseStatistics[]> {
    const { from, to } = period;
    checkPeriod(from, to);
    const rows = await this.dataSource.query<
      (Omit<StateResponseStatistics, 'shareAnsweredOnTime' | 'secondsToAnswer80Percent'> & {
        p80: string | null;
      })[]
    >(
      `WITH sent AS (
         SELECT t.network_id, m.sender_member_state_code AS state,
                count(*)::int AS messages, count(q.message_id)::int AS requests
           FROM message m
           JOIN message_thread t ON t.id = m.thread_id
           LEFT JOIN message_request q ON q.message_id = m.id
          WHERE t.network_id IS NOT NULL AND m.sender_member_state_code IS NOT NULL
            AND m.sent_at >= $1 AND m.sent_at < $2
          GROUP BY 1, 2
       ), received AS (${answersSql('state')})
       SELECT n.key AS "networkKey", coalesce(sent.state, received.state) AS "memberStateCode",
              coalesce(sent.messages, 0) AS "messagesSent",
              coalesce(sent.requests, 0) AS "requestsSent",
              coalesce(received.requests, 0) AS "requestsReceived",
              coalesce(received.answered, 0) AS "requestsAnswered",
              coalesce(received.on_time, 0) AS "requestsAnsweredOnTime",
              received.p80::text AS p80
         FROM sent
         FULL JOIN received ON received.network_id = sent.network_id AND received.state = sent.state
         JOIN network n ON n.id = coalesce(sent.network_id, received.network_id)
        WHERE $3::text IS NULL OR n.key = $3
        ORDER BY 1, 2`,
      [from, to, period.networkKey ?? null],
    );
    return rows.map(({ p80, ...row }) => ({
      ...row,
      shareAnsweredOnTime:
        row.requestsReceived > 0 ? row.requestsAnsweredOnTime / row.requestsReceived : null,
      secondsToAnswer80Percent: seconds(p80),
    }));
  }

  /** Per network over [from, to): the figures of `forPeriod` without the split by state, and the median. */
  async forNetworks(period: {
    from: Date;
    to: Date;
    networkKey?: string | null;
  }): Promise<NetworkResponseStatistics[]> {
    checkPeriod(period.from, period.to);
    const rows = await this.dataSource.query<
      {
        networkKey: string;
        requests: number;
        requestsReceived: number;
        requestsAnswered: number;
        requestsAnsweredOnTime: number;
        p50: string | null;
        p80: string | null;
      }[]
    >(
      `WITH received AS (${answersSql('network')})
       SELECT n.key AS "networkKey", received.request_count AS requests,
              received.requests AS "requestsReceived", received.answered AS "requestsAnswered",
              received.on_time AS "requestsAnsweredOnTime",
              received.p50::text AS p50, received.p80::text AS p80
         FROM received
         JOIN network n ON n.id = received.network_id
        WHERE $3::text IS NULL OR n.key = $3
        ORDER BY 1`,
      [period.from, period.to, period.networkKey ?? null],
    );
    return rows.map(({ p50, p80, ...row }) => ({
      ...row,
      shareAnsweredOnTime:
        row.requestsReceived > 0 ? row.requestsAnsweredOnTime / row.requestsReceived : null,
      secondsToAnswerMedian: seconds(p50),
      secondsToAnswer80Percent: seconds(p80),
    }));
  }
}
