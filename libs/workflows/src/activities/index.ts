export * from './entities';
// ActivityKind stays inside: the review (./review) names its own kinds.
export { ActivityEntity, ActivityStatus } from './entities/activity.entity';
export * from './entities/activity-participant.entity';
export * from './entities/activity-document.entity';
export * from './entities/calendar-feed.entity';
export * from './activities.resolver';
export * from './activities.service';
export * from './activities.types';
export * from './activity-notices';
export * from './activity-participation.service';
export * from './activity-reader.service';
export * from './calendar-feed.controller';
export * from './calendar-feeds.resolver';
export * from './calendar-feeds.service';
