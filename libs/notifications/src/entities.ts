import { EmailOutboxEntity } from './entities/email-outbox.entity';
import { NotificationEntity } from './entities/notification.entity';

/** Every table this library owns; the database library registers them. */
export const NOTIFICATION_ENTITIES = [NotificationEntity, EmailOutboxEntity];
