import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventType } from '@fpn/audit';
import { Clock, DomainError, ErrorCode } from '@fpn/core';
import { MemberStateEntity, validStateCode } from '@fpn/directory';
import { CallerScope, type Principal, type RequestOrigin } from '@fpn/identity';
import { DataSource } from 'typeorm';
import { ActivitiesService } from './activities.service';
import { ActivityReader, type ActivityView } from './activity-reader.service';
import { assertPlanned } from './activity-rules';
import { ActivityParticipantEntity } from './entities/activity-participant.entity';
import { ActivityEntity } from './entities/activity.entity';

/**
 * Participation is voluntary: a state's coordinator joins their state to a
 * planned activity, or withdraws it; the Secretariat may do so for any state
 * (a state that answered by note verbale). Joining twice, or leaving an
 * activity the state is not in, changes nothing.
 */
@Injectable()
export class ActivityParticipation {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly activities: ActivitiesService,
    private readonly reader: ActivityReader,
  ) {}

  join(
    actor: Principal,
    activityId: string,
    memberStateCode: string | null,
    origin: RequestOrigin,
  ): Promise<ActivityView> {
    return this.change(actor, activityId, memberStateCode, origin, 'join');
  }

  leave(
    actor: Principal,
    activityId: string,
    memberStateCode: string | null,
    origin: RequestOrigin,
  ): Promise<ActivityView> {
    return this.change(actor, activityId, memberStateCode, origin, 'leave');
  }

  private async change(
    actor: Principal,
    activityId: string,
    memberStateCode: string | null,
    origin: RequestOrigin,
    change: 'join' | 'leave',
  ): Promise<ActivityView> {
    const state = this.stateFor(actor, memberStateCode);
    return this.dataSource.transaction(async (manager) => {
      const activity: ActivityEntity = await this.activities.lock(manager, activityId);
      // Coordinators see every network's activities, so nothing is hidden here.
      assertPlanned(activity.status);
      if (!(await manager.existsBy(MemberStateEntity, { code: state }))) {
        throw new DomainError(ErrorCode.BadUserInput, `No member state ${state}`, {
          field: 'memberStateCode',
        });
      }
      const now = this.clock.now();
      const changed =
        change === 'join'
          ? (
              await manager.query<unknown[]>(
                `INSERT INTO activity_participant (activity_id, member_state_code, joined_at, joined_by)
                 VALUES ($1, $2, $3, $4)
                 ON CONFLICT (activity_id, member_state_code) DO NOTHING
                 RETURNING activity_id`,
                [activityId, state, now, actor.user.id],
              )
            ).length > 0
          : ((
              await manager.delete(ActivityParticipantEntity, {
                activityId,
                memberStateCode: state,
              })
            ).affected ?? 0) > 0;
      if (changed) {
        await manager.update(ActivityEntity, { id: activityId }, { updatedAt: now });
        await this.activities.record(
          manager,
          actor,
          origin,
          change === 'join' ? AuditEventType.ACTIVITY_JOINED : AuditEventType.ACTIVITY_LEFT,
          activityId,
          { memberStateCode: state },
          state,
        );
      }
      return this.reader.get(actor, activityId, manager);
    });
  }

  /** The state acted for: a coordinator's own; the Secretariat names one. */
  private stateFor(actor: Principal, memberStateCode: string | null): string {
    const scope = CallerScope.ofUser(actor.user);
    if (!memberStateCode?.trim()) {
      if (scope.memberStateCode) return scope.memberStateCode;
      throw new DomainError(ErrorCode.BadUserInput, 'Name the member state', {
        field: 'memberStateCode',
      });
    }
    const state = validStateCode(memberStateCode);
    if (!scope.canActOnState(state)) {
      throw new DomainError(ErrorCode.Forbidden, 'A coordinator acts for their own state only', {
        reason: 'NOT_YOUR_STATE',
      });
    }
    return state;
  }
}
