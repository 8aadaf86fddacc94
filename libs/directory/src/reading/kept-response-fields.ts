/**
 * What a GraphQL answer kept whole may select (docs/directory.md, "Answers
 * kept across requests"): the roster's root queries and, under them, fields
 * read from the directory's tables only — those whose writes move the
 * directory's generation — and decided by who the caller is. A field that
 * reads anything else (another table, the clock) must not be listed: an
 * operation selecting a field not listed here is always executed.
 */
export const KEPT_RESPONSE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Query: ['focalPoints', 'focalPoint'],
  FocalPointConnection: ['edges', 'pageInfo', 'totalCount'],
  FocalPointEdge: ['cursor', 'node'],
  PageInfo: ['endCursor', 'hasNextPage', 'hasPreviousPage', 'startCursor'],
  FocalPoint: [
    'accountId',
    'authority',
    'authorityId',
    'availability',
    'contactChannels',
    'fullName',
    'hasLinkedAccount',
    'id',
    'languages',
    'lastConfirmedAt',
    'memberState',
    'memberStateCode',
    'memberships',
    'status',
    'timeZone',
    'title',
    'version',
  ],
  Authority: ['id', 'kind', 'memberStateCode', 'nameEn', 'nameRu'],
  NetworkMembership: ['focalPointId', 'id', 'network', 'networkId', 'role'],
  Network: ['confirmationIntervalDays', 'focalPoints', 'id', 'key', 'name', 'names'],
  // Not requestLanguages / requestNotes: the request rules live in tables of their own.
  MemberState: ['code', 'focalPoints', 'membership', 'name', 'names'],
  ContactChannel: ['kind', 'note', 'value'],
  LocalizedText: ['en', 'ru'],
};
