import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, ErrorCode, Public } from '@fpn/core';
import { CalendarFeeds } from './calendar-feeds.service';

const ICS = /^(.+)\.ics$/;

function icsName(file: string): string {
  const match = ICS.exec(file);
  if (!match) throw new DomainError(ErrorCode.NotFound, 'No such calendar feed');
  return match[1];
}

/**
 * `GET /calendar/<token>.ics` (every network the owner sees) and
 * `GET /calendar/<token>/<networkKey>.ics`: the iCalendar feed a calendar
 * application subscribes to. Public, since such applications send no bearer
 * token: the token in the address is the credential, so the request log
 * never shows it (libs/core logging redacts the path).
 */
@Controller('calendar')
export class CalendarFeedController {
  constructor(private readonly feeds: CalendarFeeds) {}

  @Get(':file')
  @Public()
  async allNetworks(@Param('file') file: string, @Res() response: Response): Promise<void> {
    this.send(response, await this.feeds.render(icsName(file), null));
  }

  @Get(':token/:file')
  @Public()
  async oneNetwork(
    @Param('token') token: string,
    @Param('file') file: string,
    @Res() response: Response,
  ): Promise<void> {
    this.send(response, await this.feeds.render(token, icsName(file)));
  }

  private send(response: Response, calendar: string): void {
    response
      .status(200)
      .set({
        'content-type': 'text/calendar; charset=utf-8',
        'content-disposition': 'inline; filename="activities.ics"',
        // Personal to the feed's owner: never kept by a shared cache or proxy.
        'cache-control': 'private, no-store',
      })
      .send(calendar);
  }
}
