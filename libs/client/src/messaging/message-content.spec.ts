import { utf8 } from '@fpn/crypto';
import { decodeContent, encodeContent } from './message-content';

describe('message content', () => {
  it('round-trips subject, text and an H3 restriction', () => {
    const content = { subject: 'Тема', text: 'Текст\nв две строки', restriction: 'No onward use' };
    expect(decodeContent(encodeContent(content))).toEqual(content);
    expect(decodeContent(encodeContent({ subject: 's', text: 't' }))).toEqual({
      subject: 's',
      text: 't',
    });
  });

  it('does not take a body it does not understand for a message', () => {
    expect(decodeContent(utf8('not json'))).toBeNull();
    expect(decodeContent(utf8(JSON.stringify({ v: 2, subject: 's', text: 't' })))).toBeNull();
    expect(decodeContent(utf8(JSON.stringify({ v: 1, subject: 's' })))).toBeNull();
    expect(() => encodeContent({ subject: 'x'.repeat(501), text: '' })).toThrow(RangeError);
  });

  it('carries attachment references, and still reads bodies without them', () => {
    const attachment = {
      id: '0b6f5e0a-3c1d-4f7e-9a51-2f1d8c7b6a50',
      name: 'ledger.xlsx',
      mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      size: 1234,
      key: 'a'.repeat(43),
      ciphertextHash: 'b'.repeat(43),
    };
    const content = { subject: 's', text: 't', attachments: [attachment] };
    expect(decodeContent(encodeContent(content))).toEqual(content);
    const old = utf8(JSON.stringify({ v: 1, subject: 's', text: 't' }));
    expect(decodeContent(old)).toEqual({ subject: 's', text: 't' });
    const broken = { v: 1, subject: 's', text: 't', attachments: [{ ...attachment, size: '1' }] };
    expect(decodeContent(utf8(JSON.stringify(broken)))).toBeNull();
  });
});
