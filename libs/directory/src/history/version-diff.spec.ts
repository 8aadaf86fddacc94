import { creationFields, diffFields } from './version-diff';

describe('diffFields', () => {
  it('keeps only the fields whose value changed, with both values', () => {
    expect(
      diffFields(
        { title: 'Head of unit', timeZone: 'Asia/Almaty', languages: ['ru', 'kk'] },
        { title: 'Deputy head', timeZone: 'Asia/Almaty', languages: ['ru', 'kk'] },
      ),
    ).toEqual({ title: { from: 'Head of unit', to: 'Deputy head' } });
  });

  it('compares lists and objects by value, ignoring key order', () => {
    const before = { contactChannels: [{ kind: 'email', value: 'a@b.kz', note: null }] };
    const reordered = { contactChannels: [{ note: null, value: 'a@b.kz', kind: 'email' }] };
    expect(diffFields(before, reordered)).toEqual({});
    const added = {
      contactChannels: [
        ...before.contactChannels,
        { kind: 'phone', value: '+77172000000', note: null },
      ],
    };
    expect(diffFields(before, added)).toEqual({
      contactChannels: { from: before.contactChannels, to: added.contactChannels },
    });
  });

  it('counts a missing field as null', () => {
    expect(diffFields({}, { userId: null })).toEqual({});
    expect(creationFields({ fullName: 'Айгерим Нурланова', userId: null })).toEqual({
      fullName: { from: null, to: 'Айгерим Нурланова' },
    });
  });
});
