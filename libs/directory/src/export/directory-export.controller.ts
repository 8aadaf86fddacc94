import { pipeline } from 'node:stream/promises';
import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AllowApiCredential, Authenticated, DomainError, ErrorCode } from '@fpn/core';
import { ApiOperation, type AuthenticatedRequest, originOf } from '@fpn/identity';
import { DirectoryScope } from '../reading/directory-scope';
import { checkRosterFilter } from '../reading/roster-filter';
import { DirectoryExport, type ExportActor } from './directory-export.service';

/** A query parameter given at most once, as text. */
function single(value: unknown, field: string): string | null {
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string') {
    throw new DomainError(ErrorCode.BadUserInput, `${field} may be given once`, { field });
  }
  return value;
}

function actorOf(request: AuthenticatedRequest): ExportActor {
  const origin = originOf(request);
  const base = { ip: origin.ip ?? null, requestId: origin.requestId ?? null };
  if (request.credential) {
    return {
      ...base,
      actorId: null,
      actorRole: 'API_CREDENTIAL',
      subjectType: 'api_credential',
      subjectId: request.credential.id,
      memberState: request.credential.memberStateCode,
    };
  }
  const { user } = request.principal!;
  return { ...base, actorId: user.id, actorRole: user.role, memberState: user.memberStateCode };
}

/**
 * `GET /directory/export.csv?networkKey=…&memberStateCode=…` with a Bearer
 * token (an access token, or an API credential holding DIRECTORY_READ): the
 * roster the caller may see, as a CSV download. A plain route rather than a
 * GraphQL field, so a browser or `curl -o` saves the file as it streams.
 */
@Controller('directory')
export class DirectoryExportController {
  constructor(
    private readonly scope: DirectoryScope,
    private readonly exporter: DirectoryExport,
  ) {}

  @Get('export.csv')
  @Authenticated()
  @AllowApiCredential(ApiOperation.DIRECTORY_READ)
  async exportCsv(
    @Req() request: AuthenticatedRequest,
    @Res() response: Response,
    @Query('networkKey') networkKey: unknown,
    @Query('memberStateCode') memberStateCode: unknown,
  ): Promise<void> {
    const reader = await this.scope.readerOf(request);
    const filter = checkRosterFilter(
      reader,
      {
        networkKey: single(networkKey, 'networkKey'),
        memberStateCode: single(memberStateCode, 'memberStateCode'),
      },
      '',
    );
    const { csv } = await this.exporter.open(reader, filter, actorOf(request));
    const name = ['focal-points', filter.memberStateCode, single(networkKey, 'networkKey')]
      .filter(Boolean)
      .join('-');
    response.status(200).set({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}.csv"`,
      // Names and contact details of officials: never kept by a cache or proxy.
      'cache-control': 'no-store',
    });
    // A failure half-way cannot change the status any more: the connection is cut instead.
    await pipeline(csv, response).catch(() => response.destroy());
  }
}
