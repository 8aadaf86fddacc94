import { fromUtf8, utf8 } from '@fpn/crypto';
import { type AttachmentInfo, parseAttachmentInfo } from '../attachments/attachment-content';

/** What only the addressed people read: inside the encrypted body. */
export interface MessageContent {
  subject: string;
  text: string;
  /** For handling code H3: the restriction, stated. */
  restriction?: string;
  /** Encrypted attachments: what to fetch, and the key to open each (absent in older bodies). */
  attachments?: AttachmentInfo[];
}

const MAX_SUBJECT = 500;

export function encodeContent(content: MessageContent): Uint8Array {
  if (typeof content.subject !== 'string' || content.subject.length > MAX_SUBJECT) {
    throw new RangeError(`a subject is text of at most ${MAX_SUBJECT} characters`);
  }
  if (typeof content.text !== 'string') throw new RangeError('the message text is missing');
  const body: Record<string, unknown> = { v: 1, subject: content.subject, text: content.text };
  if (content.restriction !== undefined) body.restriction = content.restriction;
  if (content.attachments?.length) body.attachments = content.attachments;
  return utf8(JSON.stringify(body));
}

/** Null when the body is not a message this SDK understands. */
export function decodeContent(bytes: Uint8Array): MessageContent | null {
  try {
    const body = JSON.parse(fromUtf8(bytes)) as Record<string, unknown>;
    if (body.v !== 1 || typeof body.subject !== 'string' || typeof body.text !== 'string') {
      return null;
    }
    let attachments: AttachmentInfo[] | undefined;
    if (body.attachments !== undefined) {
      if (!Array.isArray(body.attachments)) return null;
      attachments = [];
      for (const item of body.attachments) {
        const info = parseAttachmentInfo(item);
        if (!info) return null;
        attachments.push(info);
      }
    }
    return {
      subject: body.subject,
      text: body.text,
      ...(typeof body.restriction === 'string' ? { restriction: body.restriction } : {}),
      ...(attachments ? { attachments } : {}),
    };
  } catch {
    return null;
  }
}
