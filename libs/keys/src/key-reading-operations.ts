import { ApiOperation } from '@fpn/identity';

/** What lets a ministry system read keys: it encrypts to them, or checks who signed what it reads. */
export const KEY_READING_OPERATIONS = [ApiOperation.MESSAGES_SEND, ApiOperation.MESSAGES_READ];
