import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  Controller,
  Delete,
  Get,
  Head,
  Options,
  Param,
  Patch,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { AllowApiCredential, Authenticated, ErrorCode, HttpDomainError, Public } from '@fpn/core';
import { AppConfig } from '@fpn/config';
import { ApiOperation, type AuthenticatedRequest, originOf } from '@fpn/identity';
import { messagingCallerOf } from '../caller/messaging-caller';
import { AttachmentDownloads } from './attachment-downloads.service';
import { attachmentNotFound, badUploadHeader } from './attachment-errors';
import {
  AttachmentUploads,
  UploadInterrupted,
  type UploadState,
} from './attachment-uploads.service';
import { parseByteRange } from './byte-range';

const TUS_VERSION = '1.0.0';
const OFFSET_CONTENT_TYPE = 'application/offset+octet-stream';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A non-negative whole number header (Upload-Length, Upload-Offset, Content-Length). */
function byteCount(request: Request, header: string): number {
  const value = request.get(header);
  if (value === undefined || !/^\d{1,16}$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw badUploadHeader(
      header,
      `${header} is required: a whole number of bytes`,
      header === 'Content-Length' ? 411 : 400,
      header === 'Content-Length' ? 'LENGTH_REQUIRED' : undefined,
    );
  }
  return Number(value);
}

/** Every request but OPTIONS and GET speaks tus 1.0.0: the answer says so, and so must the request. */
function speakTus(request: Request, response: Response): void {
  response.set('Tus-Resumable', TUS_VERSION);
  if (request.get('Tus-Resumable') !== TUS_VERSION) {
    throw new HttpDomainError(
      412,
      ErrorCode.BadUserInput,
      `This endpoint speaks tus ${TUS_VERSION}: send Tus-Resumable: ${TUS_VERSION}`,
      { field: 'Tus-Resumable', reason: 'TUS_VERSION_UNSUPPORTED' },
      { 'Tus-Version': TUS_VERSION },
    );
  }
}

function attachmentId(id: string): string {
  if (!UUID.test(id)) throw attachmentNotFound();
  return id.toLowerCase();
}

function uploadHeaders(state: UploadState): Record<string, string> {
  return {
    'Upload-Offset': String(state.offset),
    'Upload-Length': String(state.declaredLength),
    'Cache-Control': 'no-store',
  };
}

/**
 * `/attachments` (docs/attachments.md): tus 1.0 resumable uploads (core,
 * creation, termination) of encrypted attachment blobs, and their download
 * with Range. Bearer authentication and the PolicyGuard as on /graphql: any
 * signed-in account, or an API credential holding MESSAGES_SEND (uploads) or
 * MESSAGES_READ (downloads), acting for the account that issued it.
 */
@Controller('attachments')
export class AttachmentsController {
  constructor(
    private readonly uploads: AttachmentUploads,
    private readonly downloads: AttachmentDownloads,
    private readonly config: AppConfig,
  ) {}

  /** tus discovery: versions, extensions, the size limit. Nothing about any upload. */
  @Options()
  @Public()
  discover(@Res() response: Response): void {
    response
      .status(204)
      .set({
        'Tus-Resumable': TUS_VERSION,
        'Tus-Version': TUS_VERSION,
        'Tus-Extension': 'creation,termination',
        'Tus-Max-Size': String(this.config.attachments.maxBytes),
      })
      .end();
  }

  /** tus creation: Upload-Length (the blob's size) and nothing else — no metadata, no file name. */
  @Post()
  @Authenticated()
  @AllowApiCredential(ApiOperation.MESSAGES_SEND)
  async create(@Req() request: AuthenticatedRequest, @Res() response: Response): Promise<void> {
    speakTus(request, response);
    if (request.get('Upload-Defer-Length') !== undefined) {
      throw badUploadHeader(
        'Upload-Defer-Length',
        'Give Upload-Length: a deferred length is not supported',
      );
    }
    const length = byteCount(request, 'Upload-Length');
    if (request.get('Upload-Metadata')) {
      // A file name or type here would reach the server in clear: they belong in the message body.
      throw badUploadHeader(
        'Upload-Metadata',
        'Upload-Metadata is refused: the name and type of a file go inside the encrypted message',
        400,
        'UPLOAD_METADATA_REFUSED',
      );
    }
    const state = await this.uploads.create(messagingCallerOf(request), length);
    response
      .status(201)
      .set({ Location: `/attachments/${state.id}`, ...uploadHeaders(state) })
      .end();
  }

  /** tus: where the upload stands (Upload-Offset), to resume after it. */
  @Head(':id')
  @Authenticated()
  @AllowApiCredential(ApiOperation.MESSAGES_SEND)
  async offset(
    @Req() request: AuthenticatedRequest,
    @Res() response: Response,
    @Param('id') id: string,
  ): Promise<void> {
    speakTus(request, response);
    const state = await this.uploads.state(messagingCallerOf(request), attachmentId(id));
    response.status(200).set(uploadHeaders(state)).end();
  }

  /** tus: the next bytes, at exactly the upload's offset. */
  @Patch(':id')
  @Authenticated()
  @AllowApiCredential(ApiOperation.MESSAGES_SEND)
  async append(
    @Req() request: AuthenticatedRequest,
    @Res() response: Response,
    @Param('id') id: string,
  ): Promise<void> {
    speakTus(request, response);
    if (request.get('Content-Type') !== OFFSET_CONTENT_TYPE) {
      throw badUploadHeader(
        'Content-Type',
        `Send the bytes as ${OFFSET_CONTENT_TYPE}`,
        415,
        'UNSUPPORTED_CONTENT_TYPE',
      );
    }
    const offset = byteCount(request, 'Upload-Offset');
    const length = byteCount(request, 'Content-Length');
    try {
      const state = await this.uploads.append(
        messagingCallerOf(request),
        attachmentId(id),
        offset,
        length,
        request,
      );
      response.status(204).set(uploadHeaders(state)).end();
    } catch (error) {
      // Nobody is left to answer: end the exchange (the socket is usually gone already).
      if (error instanceof UploadInterrupted) {
        response.destroy();
        return;
      }
      throw error;
    }
  }

  /** tus termination: an upload no message carries. */
  @Delete(':id')
  @Authenticated()
  @AllowApiCredential(ApiOperation.MESSAGES_SEND)
  async terminate(
    @Req() request: AuthenticatedRequest,
    @Res() response: Response,
    @Param('id') id: string,
  ): Promise<void> {
    speakTus(request, response);
    await this.uploads.terminate(messagingCallerOf(request), attachmentId(id));
    response.status(204).end();
  }

  /** The blob, whole or a Range of it (a dropped download resumes), streamed from storage. */
  @Get(':id')
  @Authenticated()
  @AllowApiCredential(ApiOperation.MESSAGES_READ)
  async download(
    @Req() request: AuthenticatedRequest,
    @Res() response: Response,
    @Param('id') id: string,
  ): Promise<void> {
    const caller = messagingCallerOf(request);
    const attachment = await this.downloads.open(caller, attachmentId(id));
    const range = parseByteRange(request.get('Range'), attachment.size);
    if (range === 'unsatisfiable') {
      throw new HttpDomainError(
        416,
        ErrorCode.BadUserInput,
        'The range starts past the end of the attachment',
        { field: 'Range', reason: 'RANGE_NOT_SATISFIABLE', size: attachment.size },
        { 'Content-Range': `bytes */${attachment.size}` },
      );
    }
    const { start, end } = range ?? { start: 0, end: attachment.size };
    await this.downloads.recordDownload(caller, attachment, { start, end }, originOf(request));
    response.status(range ? 206 : 200).set({
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(end - start),
      'Content-Disposition': 'attachment',
      'Accept-Ranges': 'bytes',
      // Encrypted, but still nobody's cache's business.
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ETag: `"${attachment.ciphertextHash.toString('base64url')}"`,
      ...(range ? { 'Content-Range': `bytes ${start}-${end - 1}/${attachment.size}` } : {}),
    });
    if (start === end) {
      response.end();
      return;
    }
    // A failure half-way cannot change the status any more: the connection is cut instead.
    await pipeline(Readable.from(this.downloads.read(attachment, start, end)), response).catch(() =>
      response.destroy(),
    );
  }
}
