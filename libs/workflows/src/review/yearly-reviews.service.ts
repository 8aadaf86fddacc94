import { Injectable } from '@nestjs/common';
import { AuditEventType, AuditService } from '@fpn/audit';
import { AppConfig } from '@fpn/config';
import { Clock, DomainError, ErrorCode } from '@fpn/core';
import { type RequestOrigin, Role } from '@fpn/identity';
import { ResponseStatistics } from '@fpn/messaging';
import { assembleReview } from './review-assembly';
import { reviewCsv } from './review-csv';
import { renderReviewPdf } from './review-pdf';
import { ReviewQueries } from './review-queries.service';
import { reviewWindow } from './review-year';
import type { YearlyReview } from './yearly-review.types';

/** Who reads a review: an account (ministry systems have no access). */
export interface ReviewReader {
  id: string;
  role: Role;
  memberStateCode: string | null;
}

export type ReviewFormat = 'csv' | 'pdf';

export interface ReviewFile {
  fileName: string;
  contentType: string;
  body: Buffer;
}

/** The Secretariat and the states' coordinators (the Working Group's delegates) read reviews. */
const READERS: readonly Role[] = [
  Role.SECRETARIAT_ADMIN,
  Role.SECRETARIAT_OFFICER,
  Role.STATE_COORDINATOR,
];

/**
 * The yearly review (docs/workflows.md): activities held and participation,
 * roster completeness and freshness, message and request counts and response
 * times, per network, for a calendar year at the Secretariat's seat. The
 * review covers every member state — it is the Working Group's common
 * document — and holds counts and durations only.
 */
@Injectable()
export class YearlyReviews {
  constructor(
    private readonly queries: ReviewQueries,
    private readonly statistics: ResponseStatistics,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  async review(
    reader: ReviewReader,
    year: number,
    networkKey: string | null,
  ): Promise<YearlyReview> {
    if (!READERS.includes(reader.role)) {
      throw new DomainError(ErrorCode.Forbidden, 'Your role does not read the yearly review');
    }
    const now = this.clock.now();
    const window = reviewWindow(year, this.config.notes.seatTimeZone, now);
    const networks = await this.queries.networks(networkKey);
    const scope = { from: window.from, to: window.to, networkKey };
    const [memberStates, activities, participation, roster, messages, requests] = await Promise.all(
      [
        this.queries.memberStates(),
        this.queries.activities(scope),
        this.queries.participation(scope),
        this.queries.roster(networkKey, now),
        this.queries.messages(scope),
        this.statistics.forNetworks(scope),
      ],
    );
    return assembleReview({
      ...window,
      rosterAsOf: now,
      networks,
      memberStates,
      activities,
      participation,
      roster,
      messages,
      requests,
    });
  }

  /** The review as a file, audited (who, which year and network, which format) once it is made. */
  async export(
    reader: ReviewReader,
    year: number,
    networkKey: string | null,
    format: ReviewFormat,
    origin: RequestOrigin,
  ): Promise<ReviewFile> {
    const review = await this.review(reader, year, networkKey);
    const body =
      format === 'csv' ? reviewCsv(review) : await renderReviewPdf(review, this.clock.now());
    await this.audit.recordNow({
      type: AuditEventType.YEARLY_REVIEW_EXPORTED,
      actorId: reader.id,
      actorRole: reader.role,
      memberState: reader.memberStateCode,
      subjectType: 'yearly_review',
      subjectId: String(year),
      ip: origin.ip ?? null,
      requestId: origin.requestId ?? null,
      details: { year, format, networkKey, bytes: body.length },
    });
    const name = ['yearly-review', String(year), networkKey].filter(Boolean).join('-');
    return {
      fileName: `${name}.${format}`,
      contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/pdf',
      body,
    };
  }
}
