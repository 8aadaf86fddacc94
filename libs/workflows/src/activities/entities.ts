import { ActivityDocumentEntity } from './entities/activity-document.entity';
import { ActivityParticipantEntity } from './entities/activity-participant.entity';
import { ActivityEntity } from './entities/activity.entity';
import { CalendarFeedEntity } from './entities/calendar-feed.entity';

/** The tables of Action Plan activities and their calendar feeds. */
export const ACTIVITY_ENTITIES = [
  ActivityEntity,
  ActivityParticipantEntity,
  ActivityDocumentEntity,
  CalendarFeedEntity,
];
