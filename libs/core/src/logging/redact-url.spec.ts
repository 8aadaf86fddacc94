import { redactUrl } from './logging.module';

describe('request URLs in the log', () => {
  it('hides a calendar feed’s token, with or without a network', () => {
    const token = 'q1V9cYq8m3v3aW1x2Y3z4A5b6C7d8E9f0G1h2I3j4K5';
    expect(redactUrl(`/calendar/${token}.ics`)).toBe('/calendar/[redacted]');
    expect(redactUrl(`/calendar/${token}/law-enforcement.ics?x=1`)).toBe('/calendar/[redacted]');
  });

  it('leaves other addresses alone', () => {
    expect(redactUrl('/graphql')).toBe('/graphql');
    expect(redactUrl('/directory/export.csv?networkKey=law-enforcement')).toBe(
      '/directory/export.csv?networkKey=law-enforcement',
    );
  });
});
