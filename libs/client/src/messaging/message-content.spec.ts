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
});
