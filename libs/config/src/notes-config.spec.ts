import { AppConfig } from './app-config';

const valid = {
  DATABASE_URL: 'postgres://app:s3cret@127.0.0.1:5432/fpn',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: Buffer.alloc(32, 7).toString('base64'),
  MFA_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
};

describe('numbered notes configuration', () => {
  it('issues in NCT/G, dated in the zone Astana keeps, by default', () => {
    expect(AppConfig.fromEnv(valid).notes).toEqual({
      defaultSeries: 'NCT/G',
      seatTimeZone: 'Asia/Almaty',
    });
    expect(
      AppConfig.fromEnv({
        ...valid,
        NOTES_DEFAULT_SERIES: 'SOC-N',
        SECRETARIAT_SEAT_TIME_ZONE: 'Europe/Moscow',
      }).notes,
    ).toEqual({ defaultSeries: 'SOC-N', seatTimeZone: 'Europe/Moscow' });
  });

  it('refuses a series key that is not one and a zone that does not exist', () => {
    expect(() => AppConfig.fromEnv({ ...valid, NOTES_DEFAULT_SERIES: 'nct/g' })).toThrow(
      'NOTES_DEFAULT_SERIES',
    );
    expect(() =>
      AppConfig.fromEnv({ ...valid, SECRETARIAT_SEAT_TIME_ZONE: 'Asia/Astana' }),
    ).toThrow('SECRETARIAT_SEAT_TIME_ZONE');
  });
});
