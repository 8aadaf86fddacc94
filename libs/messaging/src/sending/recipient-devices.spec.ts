import { compareRecipientDevices, recipientDevicesMismatch } from './recipient-devices';

describe('compareRecipientDevices', () => {
  it('matches exactly, in any order', () => {
    expect(compareRecipientDevices(['b', 'a'], ['a', 'b'])).toBeNull();
  });

  it('names missing and unexpected devices, sorted', () => {
    const mismatch = compareRecipientDevices(['c', 'a', 'b'], ['z', 'b', 'y'])!;
    expect(mismatch).toEqual({ missingDevices: ['a', 'c'], unexpectedDevices: ['y', 'z'] });
    expect(recipientDevicesMismatch(mismatch)).toMatchObject({
      code: 'CONFLICT',
      details: {
        reason: 'RECIPIENT_DEVICES_MISMATCH',
        missingDevices: ['a', 'c'],
        unexpectedDevices: ['y', 'z'],
      },
    });
  });
});
