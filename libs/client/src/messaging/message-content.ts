import { fromUtf8, utf8 } from '@fpn/crypto';

/** What only the addressed people read: inside the encrypted body. */
export interface MessageContent {
  subject: string;
  text: string;
  /** For handling code H3: the restriction, stated. */
  restriction?: string;
}

const MAX_SUBJECT = 500;

export function encodeContent(content: MessageContent): Uint8Array {
  if (typeof content.subject !== 'string' || content.subject.length > MAX_SUBJECT) {
    throw new RangeError(`a subject is text of at most ${MAX_SUBJECT} characters`);
  }
  if (typeof content.text !== 'string') throw new RangeError('the message text is missing');
  const body: Record<string, unknown> = { v: 1, subject: content.subject, text: content.text };
  if (content.restriction !== undefined) body.restriction = content.restriction;
  return utf8(JSON.stringify(body));
}

/** Null when the body is not a message this SDK understands. */
export function decodeContent(bytes: Uint8Array): MessageContent | null {
  try {
    const body = JSON.parse(fromUtf8(bytes)) as Record<string, unknown>;
    if (body.v !== 1 || typeof body.subject !== 'string' || typeof body.text !== 'string') {
      return null;
    }
    return {
      subject: body.subject,
      text: body.text,
      ...(typeof body.restriction === 'string' ? { restriction: body.restriction } : {}),
    };
  } catch {
    return null;
  }
}
