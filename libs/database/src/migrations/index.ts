import { DirectoryReference1795852800000 } from './1795852800000-directory-reference';
import { Identity1795860000000 } from './1795860000000-identity';
import { AuditLog1795870000000 } from './1795870000000-audit-log';
import { Totp1795880000000 } from './1795880000000-totp';
import { Notifications1795890000000 } from './1795890000000-notifications';
import { ApiCredentials1795900000000 } from './1795900000000-api-credentials';
import { Invitations1795910000000 } from './1795910000000-invitations';
import { DirectoryRoster1795920000000 } from './1795920000000-directory-roster';
import { DirectoryChanges1795930000000 } from './1795930000000-directory-changes';
import { DirectorySearch1795940000000 } from './1795940000000-directory-search';
import { DirectoryFreshness1795950000000 } from './1795950000000-directory-freshness';
import { Keys1795960000000 } from './1795960000000-keys';
import { KeyBackups1795970000000 } from './1795970000000-key-backups';
import { MinistrySystemDevices1795980000000 } from './1795980000000-ministry-system-devices';
import { Messaging1795990000000 } from './1795990000000-messaging';
import { Requests1796000000000 } from './1796000000000-requests';
import { Webhooks1796010000000 } from './1796010000000-webhooks';
import { Attachments1796020000000 } from './1796020000000-attachments';
import { SilenceProcedures1796030000000 } from './1796030000000-silence-procedures';
import { Notes1796031000000 } from './1796031000000-notes';
import { Activities1796032000000 } from './1796032000000-activities';
import { CoordinatorThreads1796040000000 } from './1796040000000-coordinator-threads';
import { DeviceConfirmedCursor1796050000000 } from './1796050000000-device-confirmed-cursor';
import { DirectoryGeneration1796060000000 } from './1796060000000-directory-generation';

/** Every migration, in order. A new migration is added here. */
export const MIGRATIONS = [
  DirectoryReference1795852800000,
  Identity1795860000000,
  AuditLog1795870000000,
  Totp1795880000000,
  Notifications1795890000000,
  ApiCredentials1795900000000,
  Invitations1795910000000,
  DirectoryRoster1795920000000,
  DirectoryChanges1795930000000,
  DirectorySearch1795940000000,
  DirectoryFreshness1795950000000,
  Keys1795960000000,
  KeyBackups1795970000000,
  MinistrySystemDevices1795980000000,
  Messaging1795990000000,
  Requests1796000000000,
  Webhooks1796010000000,
  Attachments1796020000000,
  SilenceProcedures1796030000000,
  Notes1796031000000,
  Activities1796032000000,
  CoordinatorThreads1796040000000,
  DeviceConfirmedCursor1796050000000,
  DirectoryGeneration1796060000000,
];
