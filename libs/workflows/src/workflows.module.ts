import { Module } from '@nestjs/common';
import { AuditModule } from '@fpn/audit';
import { RequestsModule } from '@fpn/messaging';
import { NotificationsModule } from '@fpn/notifications';
import { ActivitiesService } from './activities/activities.service';
import { ActivityNotices } from './activities/activity-notices';
import { ActivityParticipation } from './activities/activity-participation.service';
import { ActivityReader } from './activities/activity-reader.service';
import { CalendarFeedController } from './activities/calendar-feed.controller';
import { CalendarFeeds } from './activities/calendar-feeds.service';
import { NoteIssuer } from './notes/note-issuer';
import { NotesController } from './notes/notes.controller';
import { Notes } from './notes/notes.service';
import { SilenceProcedureReader } from './procedures/silence-procedure-reader.service';
import { SilenceProcedures } from './procedures/silence-procedures.service';
import { SilenceProceduresSweeper } from './procedures/silence-procedures.sweeper';
import { SilenceStatements } from './procedures/silence-statements.service';
import { ReviewQueries } from './review/review-queries.service';
import { YearlyReviewController } from './review/yearly-review.controller';
import { YearlyReviews } from './review/yearly-reviews.service';

/**
 * Consensus workflows and the Action Plan for the api (docs/workflows.md):
 * silence procedures, numbered notes, activities with their calendar, and
 * the yearly review.
 */
@Module({
  imports: [AuditModule, NotificationsModule, RequestsModule],
  controllers: [YearlyReviewController, CalendarFeedController, NotesController],
  providers: [
    NoteIssuer,
    Notes,
    SilenceProcedures,
    SilenceStatements,
    SilenceProcedureReader,
    ReviewQueries,
    YearlyReviews,
    ActivityReader,
    ActivitiesService,
    ActivityParticipation,
    ActivityNotices,
    CalendarFeeds,
  ],
  exports: [
    NoteIssuer,
    Notes,
    SilenceProcedures,
    SilenceStatements,
    SilenceProcedureReader,
    ActivityReader,
    ActivitiesService,
    ActivityParticipation,
    CalendarFeeds,
    YearlyReviews,
  ],
})
export class WorkflowsModule {}

/** What only the worker runs: the procedure deadline sweeper. */
@Module({
  imports: [AuditModule, NotificationsModule],
  providers: [NoteIssuer, SilenceProceduresSweeper],
  exports: [NoteIssuer],
})
export class WorkflowsWorkerModule {}
