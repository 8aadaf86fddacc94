import { DIRECTORY_ENTITIES } from '@fpn/directory';

/** Every entity of every domain library: one list for the app, migrations and the drift check. */
export const ENTITIES = [...DIRECTORY_ENTITIES];
