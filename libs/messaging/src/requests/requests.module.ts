import { Module } from '@nestjs/common';
import { AuditModule } from '@fpn/audit';
import { NotificationsModule } from '@fpn/notifications';
import { EscalationSweeper } from './escalation.sweeper';
import { HandoverSweeper } from './handover.sweeper';
import { RequestIntake } from './request-intake.service';
import { RequestPolicies } from './request-policies.service';
import { RequestRemindersSweeper } from './request-reminders.sweeper';
import { Requests } from './requests.service';
import { ResponseStatistics } from './statistics/response-statistics.service';

/**
 * Requests for the api: opened and answered with a send (RequestIntake, used
 * by MessageSender), their status, the networks' policies and the
 * statistics. The API registers RequestsResolver.
 */
@Module({
  imports: [AuditModule],
  providers: [RequestPolicies, RequestIntake, Requests, ResponseStatistics],
  exports: [RequestPolicies, RequestIntake, Requests, ResponseStatistics],
})
export class RequestsModule {}

/** The worker's deadline work: reminders, escalation, handover. */
@Module({
  imports: [AuditModule, NotificationsModule],
  providers: [RequestRemindersSweeper, EscalationSweeper, HandoverSweeper],
})
export class RequestsWorkerModule {}
