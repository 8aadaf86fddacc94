import { NotificationKind } from '../notification-kind';
import { MailTemplateError, renderMail, type MailInput } from './templates';

const PUBLIC_URL = 'https://fpn.example.org';
const PROCEDURE = {
  displayName: 'Aigerim Nurlanovna',
  procedureId: '3e4f5a6b-7c8d-4e9f-8a0b-1c2d3e4f5a6b',
  titleEn: 'Draft decision on the 2027 seminar programme',
  titleRu: 'Проект решения о программе семинаров на 2027 год',
  deadline: '2026-12-01T13:00:00.000Z',
  deadlineTimeZone: 'Asia/Almaty',
  networkNameEn: null,
  networkNameRu: null,
  noteReference: 'NCT/G/35',
};

const mail = (kind: NotificationKind, language: 'en' | 'ru', params: object = {}) =>
  renderMail({
    kind,
    language,
    params: { ...PROCEDURE, ...params },
    secrets: {},
    publicUrl: PUBLIC_URL,
  } satisfies MailInput);

describe('silence procedure e-mails', () => {
  it('gives the deadline in the zone the Secretariat chose, in each language', () => {
    const en = mail(NotificationKind.SILENCE_PROCEDURE_OPENED, 'en');
    expect(en.subject).toBe('Silence procedure: Draft decision on the 2027 seminar programme');
    expect(en.text).toContain('Deadline: 1 December 2026 at 18:00 (Asia/Almaty)');
    expect(en.text).toContain('Priority area: none');
    expect(en.text).toContain('Note: NCT/G/35');
    const ru = mail(NotificationKind.SILENCE_PROCEDURE_OPENED, 'ru', {
      networkNameEn: 'Law Enforcement',
      networkNameRu: 'Правоохранительная деятельность',
    });
    expect(ru.subject).toBe(
      'Процедура умолчания: Проект решения о программе семинаров на 2027 год',
    );
    expect(ru.text).toContain('Срок: 1 декабря 2026 г. в 18:00 (Asia/Almaty)');
    expect(ru.text).toContain('Приоритетная область: Правоохранительная деятельность');
  });

  it('names the outcome and the states that broke silence', () => {
    const closed = mail(NotificationKind.SILENCE_PROCEDURE_CLOSED, 'en', {
      outcome: 'not_adopted',
      brokenBy: 'TJ',
    });
    expect(closed.subject).toBe(
      'Silence procedure not adopted: Draft decision on the 2027 seminar programme',
    );
    expect(closed.text).toContain('Silence broken by: TJ');
    const approved = mail(NotificationKind.SILENCE_PROCEDURE_CLOSED, 'ru', {
      outcome: 'approved',
      brokenBy: '',
    });
    expect(approved.text).toContain('Проект утверждён');
    expect(approved.text).toContain('Молчание нарушили: нет');
  });

  it('says what a state said, and refuses an unknown zone or kind', () => {
    const statement = mail(NotificationKind.SILENCE_STATEMENT_RECORDED, 'en', {
      memberStateCode: 'TJ',
      statementKind: 'amendment',
    });
    expect(statement.subject).toBe(
      'TJ in the silence procedure: proposed amendment (silence broken)',
    );
    expect(() =>
      mail(NotificationKind.SILENCE_PROCEDURE_OPENED, 'en', { deadlineTimeZone: 'Mars/Olympus' }),
    ).toThrow(MailTemplateError);
    expect(() =>
      mail(NotificationKind.SILENCE_STATEMENT_RECORDED, 'en', {
        memberStateCode: 'TJ',
        statementKind: 'shrug',
      }),
    ).toThrow(MailTemplateError);
  });
});
