import { Module } from '@nestjs/common';
import { EmailSender } from './dispatch/email-sender.service';
import { InAppPusher } from './dispatch/in-app-pusher.service';
import { NotificationDispatcher } from './dispatch/notification-dispatcher.service';
import { NotificationsProcessor } from './dispatch/notifications.processor';
import { NotificationsSweeper } from './dispatch/notifications.sweeper';
import { NotificationInbox } from './graphql/notification-inbox.service';
import { MailTransport } from './mail/mail-transport';
import { NotificationSecrets } from './notification-secrets';
import { NotificationsService } from './notifications.service';

/** Recording notifications in a caller's transaction, for the api and the worker alike. */
@Module({
  providers: [NotificationSecrets, NotificationsService],
  exports: [NotificationSecrets, NotificationsService],
})
export class NotificationsModule {}

/** The signed-in account's notifications, for the api (NotificationsResolver is in its resolver list). */
@Module({
  imports: [NotificationsModule],
  providers: [NotificationInbox],
  exports: [NotificationsModule, NotificationInbox],
})
export class NotificationsApiModule {}

/** What only the worker runs: live pushes and e-mail, from the queue and the sweep. */
@Module({
  imports: [NotificationsModule],
  providers: [
    MailTransport,
    InAppPusher,
    EmailSender,
    NotificationDispatcher,
    NotificationsProcessor,
    NotificationsSweeper,
  ],
  exports: [NotificationDispatcher, MailTransport],
})
export class NotificationsWorkerModule {}
