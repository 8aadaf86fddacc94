import { DomainError, ErrorCode, HttpDomainError } from '@fpn/core';

/** Every attachment the caller may not see answers the same: it does not exist. */
export const attachmentNotFound = (field?: string) =>
  new DomainError(ErrorCode.NotFound, 'No such attachment', {
    reason: 'ATTACHMENT_NOT_FOUND',
    ...(field ? { field } : {}),
  });

export const attachmentInUse = (field?: string) =>
  new DomainError(ErrorCode.Conflict, 'This attachment belongs to another message', {
    reason: 'ATTACHMENT_IN_USE',
    ...(field ? { field } : {}),
  });

export const attachmentIncomplete = (field?: string) =>
  new DomainError(ErrorCode.BadUserInput, 'This attachment has not been uploaded completely', {
    reason: 'ATTACHMENT_INCOMPLETE',
    ...(field ? { field } : {}),
  });

export const attachmentHashMismatch = (field: string) =>
  new DomainError(
    ErrorCode.BadUserInput,
    'The uploaded attachment is not the one the message refers to (its ciphertext hash differs)',
    { reason: 'ATTACHMENT_HASH_MISMATCH', field },
  );

export const uploadTooLarge = (maxBytes: number) =>
  new HttpDomainError(413, ErrorCode.BadUserInput, 'The attachment is larger than allowed', {
    reason: 'ATTACHMENT_TOO_LARGE',
    field: 'Upload-Length',
    maxBytes,
  });

export const uploadPastLength = () =>
  new HttpDomainError(
    413,
    ErrorCode.BadUserInput,
    'These bytes would run past the upload’s declared length',
    { reason: 'UPLOAD_PAST_LENGTH', field: 'Content-Length' },
  );

export const uploadOffsetMismatch = (offset: number) =>
  new HttpDomainError(
    409,
    ErrorCode.Conflict,
    'Upload-Offset is not where the upload stands: ask with HEAD and resume from there',
    { reason: 'UPLOAD_OFFSET_MISMATCH', field: 'Upload-Offset', offset },
    { 'Upload-Offset': String(offset) },
  );

export const badUploadHeader = (field: string, message: string, status = 400, reason?: string) =>
  new HttpDomainError(status, ErrorCode.BadUserInput, message, {
    field,
    ...(reason ? { reason } : {}),
  });
