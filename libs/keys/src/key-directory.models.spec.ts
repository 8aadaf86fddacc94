import { DeviceRevocationReason, DeviceStatus } from './device.entity';
import { DeviceCertificateModel, DeviceModel } from './key-directory.models';

function device(revokedAt: Date | null): DeviceModel {
  return Object.assign(new DeviceModel(), {
    ministrySystem: false,
    deviceId: 'dev-1',
    userId: '6a1f1c1e-8a57-4c2b-9d0e-0c6f1f3f1a01',
    status: revokedAt ? DeviceStatus.REVOKED : DeviceStatus.ACTIVE,
    registeredAt: new Date('2026-11-01T08:00:00.000Z'),
    revokedAt,
    revocationReason: revokedAt ? DeviceRevocationReason.BY_OWNER : null,
    certificate: Object.assign(new DeviceCertificateModel(), {
      version: 1,
      accountId: '6a1f1c1e-8a57-4c2b-9d0e-0c6f1f3f1a01',
      deviceId: 'dev-1',
      signingPublicKey: 'c2lnbmluZw',
      encryptionPublicKey: 'ZW5jcnlwdGlvbg',
      issuedAt: '2026-11-01T08:00:00.000Z',
      signature: 'c2lnbmF0dXJl',
    }),
  });
}

describe('DeviceModel as JSON (a pushed message carries its sender device so)', () => {
  it.each([null, new Date('2026-11-20T10:30:00.000Z')])(
    'reads back what it wrote, dates as dates (revoked at %s)',
    (revokedAt) => {
      const model = device(revokedAt);
      const carried = JSON.parse(JSON.stringify(DeviceModel.toJson(model))) as ReturnType<
        typeof DeviceModel.toJson
      >;
      const back = DeviceModel.fromJson(carried);
      expect(back).toEqual(model);
      expect(back).toBeInstanceOf(DeviceModel);
      expect(back.registeredAt).toBeInstanceOf(Date);
      expect(back.certificate).toBeInstanceOf(DeviceCertificateModel);
    },
  );
});
