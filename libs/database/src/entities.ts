import { AUDIT_ENTITIES } from '@fpn/audit';
import { DIRECTORY_ENTITIES } from '@fpn/directory';
import { IDENTITY_ENTITIES } from '@fpn/identity';
import { KEYS_ENTITIES } from '@fpn/keys';
import { MESSAGING_ENTITIES } from '@fpn/messaging';
import { NOTIFICATION_ENTITIES } from '@fpn/notifications';
import { ACTIVITY_ENTITIES, NOTE_ENTITIES, PROCEDURE_ENTITIES } from '@fpn/workflows';

/** Every entity of every domain library: one list for the app, migrations and the drift check. */
export const ENTITIES = [
  ...DIRECTORY_ENTITIES,
  ...IDENTITY_ENTITIES,
  ...AUDIT_ENTITIES,
  ...NOTIFICATION_ENTITIES,
  ...KEYS_ENTITIES,
  ...MESSAGING_ENTITIES,
  ...PROCEDURE_ENTITIES,
  ...NOTE_ENTITIES,
  ...ACTIVITY_ENTITIES,
];
