import { MAIL_LANGUAGES, NotificationKind } from '../notification-kind';
import { MAIL_TEMPLATES, MailTemplateError, renderMail, type MailInput } from './templates';

const TOKEN = 'Qm9vdHN0cmFwLXRva2VuLXRoYXQtaXMtNDMtY2hhcnM';
const PUBLIC_URL = 'https://fpn.example.org';

/** Parameters every kind accepts (each uses what it needs). */
const PARAMS = {
  displayName: 'Aigerim Nurlanovna',
  role: 'FOCAL_POINT',
  memberStateCode: 'KZ',
  name: 'Customs risk engine',
  expiresAt: '2026-01-18T09:00:00.000Z',
  changeId: '0b7c3f52-3c1e-4d7a-9f0e-5a1d2c3b4e5f',
  changeKind: 'add_focal_point',
  decision: 'approved',
  entryId: '6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
  entryChange: 'updated',
  proposedAt: '2026-01-10T08:30:00.000Z',
  decidedAt: '2026-01-12T10:00:00.000Z',
  changedAt: '2026-01-12T10:00:00.000Z',
  dueAt: '2026-07-16T09:00:00.000Z',
  deadline: '2026-02-01T12:00:00.000Z',
  networkNameEn: 'Law Enforcement',
  networkNameRu: 'Правоохранительная деятельность',
  personName: 'Farrukh Rahimov',
  personId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  messageId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  category: 'REQUEST_FOR_ASSISTANCE',
  priority: 'URGENT',
  senderMemberStateCode: 'TJ',
  sentAt: '2026-07-15T09:00:00.000Z',
  // Silence procedures.
  procedureId: '3e4f5a6b-7c8d-4e9f-8a0b-1c2d3e4f5a6b',
  titleEn: 'Draft decision on the 2027 seminar programme',
  titleRu: 'Проект решения о программе семинаров на 2027 год',
  deadlineTimeZone: 'Asia/Almaty',
  previousDeadline: '2026-01-25T12:00:00.000Z',
  noteReference: 'NCT/G/35',
  statementKind: 'objection',
  outcome: 'not_adopted',
  brokenBy: 'KZ, TJ',
  // Numbered notes.
  noteId: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d',
  dated: '2026-02-02',
  // Action Plan activities.
  activityId: '7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f',
  activityKind: 'seminar',
  startsAt: '2027-04-14T04:00:00.000Z',
  timeZone: 'Asia/Tashkent',
  venue: 'Tashkent, Hotel Uzbekistan',
  online: true,
};

const input = (kind: NotificationKind, language: 'en' | 'ru'): MailInput => ({
  kind,
  language,
  params: PARAMS,
  secrets: { token: TOKEN },
  publicUrl: PUBLIC_URL,
});

describe('e-mail templates', () => {
  const kinds = Object.values(NotificationKind);

  it('has an English and a Russian template for every kind', () => {
    for (const kind of kinds) {
      expect(Object.keys(MAIL_TEMPLATES[kind]).sort()).toEqual([...MAIL_LANGUAGES].sort());
    }
  });

  it.each(kinds.flatMap((kind) => MAIL_LANGUAGES.map((language) => [kind, language] as const)))(
    '%s (%s) renders with every placeholder filled',
    (kind, language) => {
      const mail = renderMail(input(kind, language));
      expect(mail.subject.length).toBeGreaterThan(10);
      expect(`${mail.subject}\n${mail.text}`).not.toMatch(/[{}]|undefined|null|NaN/);
      expect(mail.subject).not.toMatch(/\n/);
      expect(mail.text).toContain(PARAMS.displayName);
      expect(mail.text).toContain(PUBLIC_URL);
    },
  );

  it('writes Russian in Russian, with the date in Russian', () => {
    const mail = renderMail(input(NotificationKind.INVITATION, 'ru'));
    expect(mail.subject).toBe('Приглашение в Сеть национальных координаторов');
    expect(mail.text).toContain('Роль: Национальный координатор');
    expect(mail.text).toContain('Государство-член: KZ');
    expect(mail.text).toContain('18 января 2026');
    expect(mail.text).not.toMatch(/Dear|Role:|invited|valid until/);
  });

  it('gives the invitation link, and the code on a line of its own', () => {
    const mail = renderMail(input(NotificationKind.INVITATION, 'en'));
    expect(mail.text).toContain(`\n${PUBLIC_URL}/#/invitation/${TOKEN}\n`);
    expect(mail.text).toContain(`\n${TOKEN}\n`);
    expect(mail.text).toContain('valid until 18 January 2026 at 09:00 UTC');
    expect(renderMail(input(NotificationKind.CREDENTIALS_RESET, 'en')).text).toContain(
      `${PUBLIC_URL}/#/reset/${TOKEN}`,
    );
  });

  it('names the Secretariat when the account belongs to no member state', () => {
    const mail = renderMail({
      ...input(NotificationKind.INVITATION, 'en'),
      params: { ...PARAMS, role: 'SECRETARIAT_OFFICER', memberStateCode: null },
    });
    expect(mail.text).toContain('Role: Secretariat officer\nMember state: none (Secretariat)');
  });

  it('puts no token in the kinds that carry none', () => {
    for (const kind of [
      NotificationKind.ACCOUNT_SUSPENDED,
      NotificationKind.API_CREDENTIAL_ISSUED,
    ]) {
      for (const language of MAIL_LANGUAGES) {
        expect(renderMail(input(kind, language)).text).not.toContain(TOKEN);
      }
    }
  });

  it('names the network of a communication check in the recipient’s language', () => {
    const kind = NotificationKind.COMMUNICATION_CHECK_STARTED;
    expect(renderMail(input(kind, 'en')).text).toContain('the network "Law Enforcement"');
    const ru = renderMail(input(kind, 'ru'));
    expect(ru.text).toContain('в сети «Правоохранительная деятельность»');
    expect(ru.subject).toBe(
      'Проверка связи: подтвердите получение до 1 февраля 2026 г. в 12:00 UTC',
    );
  });

  it('keeps a typed name on one line, even in the subject', () => {
    const mail = renderMail({
      ...input(NotificationKind.API_CREDENTIAL_ISSUED, 'en'),
      params: { ...PARAMS, name: 'evil\r\nBcc: victim@example.org' },
    });
    expect(mail.subject).toBe('API credential issued: evil Bcc: victim@example.org');
  });

  it('refuses what it cannot fill: no token, a bad date, an unknown kind', () => {
    const invitation = input(NotificationKind.INVITATION, 'en');
    expect(() => renderMail({ ...invitation, secrets: {} })).toThrow(MailTemplateError);
    expect(() => renderMail({ ...invitation, secrets: { token: 'a b' } })).toThrow(
      MailTemplateError,
    );
    expect(() => renderMail({ ...invitation, params: { ...PARAMS, expiresAt: 'soon' } })).toThrow(
      'a date is not valid',
    );
    expect(() => renderMail({ ...invitation, params: { ...PARAMS, displayName: null } })).toThrow(
      'displayName is missing',
    );
    expect(() => renderMail({ ...invitation, kind: 'toString' })).toThrow(MailTemplateError);
  });
});
