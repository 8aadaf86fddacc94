import { parseAttachmentInfo, safeFileName } from './attachment-content';

describe('attachment names', () => {
  it.each([
    ['report.pdf', 'report.pdf'],
    ['../../.bashrc', 'bashrc'],
    ['C:\\Windows\\evil.exe', 'evil.exe'],
    ['/etc/passwd', 'passwd'],
    ['..', 'attachment'],
    ['a\u0000b\nc.txt', 'a_b_c.txt'],
    ['', 'attachment'],
  ])('%j is saved as %j', (name, saved) => {
    expect(safeFileName(name)).toBe(saved);
  });

  it('reads only well-formed references', () => {
    const info = {
      id: 'x',
      name: 'a.txt',
      mediaType: 'text/plain',
      size: 3,
      key: 'k',
      ciphertextHash: 'h',
    };
    expect(parseAttachmentInfo(info)).toEqual(info);
    expect(parseAttachmentInfo({ ...info, size: -1 })).toBeNull();
    expect(parseAttachmentInfo({ ...info, name: 7 })).toBeNull();
    expect(parseAttachmentInfo(null)).toBeNull();
  });
});
