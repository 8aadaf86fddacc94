import { expectObject } from '../encoding/json';
import { CanonicalWriter } from '../encoding/canonical';
import { CryptoError, CryptoErrorCode } from '../errors';
import { assertTimestamp } from '../keys/identifiers';

export const MESSAGE_CATEGORIES = [
  'INFORMATION_EXCHANGE',
  'ALERT',
  'REQUEST_FOR_ASSISTANCE',
  'BEST_PRACTICE',
  'NOTICE',
] as const;
export const MESSAGE_PRIORITIES = ['ROUTINE', 'URGENT', 'FLASH'] as const;
/** Europol handling codes: H0 law-enforcement use only … H3 other restrictions (stated in the body). */
export const HANDLING_CODES = ['H0', 'H1', 'H2', 'H3'] as const;
export const SOURCE_RELIABILITIES = ['A', 'B', 'C', 'X'] as const;
export const INFORMATION_ACCURACIES = ['1', '2', '3', '4'] as const;

export type MessageCategory = (typeof MESSAGE_CATEGORIES)[number];
export type MessagePriority = (typeof MESSAGE_PRIORITIES)[number];
export type HandlingCode = (typeof HANDLING_CODES)[number];
export type SourceReliability = (typeof SOURCE_RELIABILITIES)[number];
export type InformationAccuracy = (typeof INFORMATION_ACCURACIES)[number];

/** What the server may see of a message, for routing, deadlines and statistics. */
export interface VisibleMetadata {
  category: MessageCategory;
  priority: MessagePriority;
  handlingCode: HandlingCode;
  sourceReliability?: SourceReliability;
  informationAccuracy?: InformationAccuracy;
  /** UTC, millisecond ISO 8601; requests for assistance carry one. */
  dueDate?: string;
}

const FIELDS = [
  'category',
  'priority',
  'handlingCode',
  'sourceReliability',
  'informationAccuracy',
  'dueDate',
] as const;

export function parseVisibleMetadata(json: unknown): VisibleMetadata {
  const o = expectObject(json, 'metadata', FIELDS);
  const metadata: VisibleMetadata = {
    category: oneOf(o.category, MESSAGE_CATEGORIES, 'category'),
    priority: oneOf(o.priority, MESSAGE_PRIORITIES, 'priority'),
    handlingCode: oneOf(o.handlingCode, HANDLING_CODES, 'handlingCode'),
  };
  if (o.sourceReliability !== undefined) {
    metadata.sourceReliability = oneOf(
      o.sourceReliability,
      SOURCE_RELIABILITIES,
      'sourceReliability',
    );
  }
  if (o.informationAccuracy !== undefined) {
    metadata.informationAccuracy = oneOf(
      o.informationAccuracy,
      INFORMATION_ACCURACIES,
      'informationAccuracy',
    );
  }
  if (o.dueDate !== undefined) {
    assertTimestamp(o.dueDate, 'dueDate');
    metadata.dueDate = o.dueDate;
  }
  return metadata;
}

/** Validates (the same rules as parsing) and returns a copy without extra fields. */
export function normalizeVisibleMetadata(metadata: VisibleMetadata): VisibleMetadata {
  return parseVisibleMetadata(metadataToJson(metadata));
}

export function metadataToJson(metadata: VisibleMetadata): Record<string, string> {
  const json: Record<string, string> = {};
  for (const field of FIELDS) {
    const value = metadata[field];
    if (value !== undefined) json[field] = value;
  }
  return json;
}

/** Canonical encoding (tag fpn/metadata/v1): the six fields in this fixed order. */
export function encodeVisibleMetadata(metadata: VisibleMetadata): Uint8Array {
  return new CanonicalWriter('fpn/metadata/v1')
    .string(metadata.category)
    .string(metadata.priority)
    .string(metadata.handlingCode)
    .optionalString(metadata.sourceReliability)
    .optionalString(metadata.informationAccuracy)
    .optionalString(metadata.dueDate)
    .finish();
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new CryptoError(
      CryptoErrorCode.InvalidField,
      `${field} must be one of ${allowed.join(', ')}`,
    );
  }
  return value as T;
}
