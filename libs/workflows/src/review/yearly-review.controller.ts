import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, ErrorCode, RequireRoles } from '@fpn/core';
import { type AuthenticatedRequest, originOf, Role } from '@fpn/identity';
import { type ReviewFormat, YearlyReviews } from './yearly-reviews.service';

const FILE = /^(\d{4})\.(csv|pdf)$/;

/**
 * `GET /reports/yearly-review/<year>.csv` and `.pdf` (optionally
 * `?networkKey=…`) with a Bearer access token: the yearly review as a file.
 * The PolicyGuard authenticates and checks the role as on /graphql: the
 * Secretariat and the states' coordinators; focal points are FORBIDDEN and
 * ministry systems' credentials are refused.
 */
@Controller('reports')
export class YearlyReviewController {
  constructor(private readonly reviews: YearlyReviews) {}

  @Get('yearly-review/:file')
  @RequireRoles(Role.SECRETARIAT_ADMIN, Role.SECRETARIAT_OFFICER, Role.STATE_COORDINATOR)
  async download(
    @Req() request: AuthenticatedRequest,
    @Res() response: Response,
    @Param('file') file: string,
    @Query('networkKey') networkKey: unknown,
  ): Promise<void> {
    const match = FILE.exec(file);
    if (!match) {
      throw new DomainError(ErrorCode.NotFound, 'No such report: ask for <year>.csv or <year>.pdf');
    }
    if (networkKey !== undefined && (typeof networkKey !== 'string' || networkKey === '')) {
      throw new DomainError(ErrorCode.BadUserInput, 'networkKey may be given once', {
        field: 'networkKey',
      });
    }
    const exported = await this.reviews.export(
      request.principal!.user,
      Number(match[1]),
      networkKey ?? null,
      match[2] as ReviewFormat,
      originOf(request),
    );
    response
      .status(200)
      .set({
        'content-type': exported.contentType,
        'content-disposition': `attachment; filename="${exported.fileName}"`,
        'content-length': String(exported.body.length),
        'cache-control': 'no-store',
      })
      .end(exported.body);
  }
}
