import { NotificationKind } from '../notification-kind';
import { MailTemplateError, renderMail } from './templates';

const PUBLIC_URL = 'https://fpn.example.org';

const decided = {
  displayName: 'Нурлан Абишев',
  changeId: '0b7c3f52-3c1e-4d7a-9f0e-5a1d2c3b4e5f',
  changeKind: 'add_membership',
  memberStateCode: 'KZ',
  decision: 'rejected',
  decidedAt: '2026-03-02T07:15:00.000Z',
};

const render = (kind: NotificationKind, language: 'en' | 'ru', params: object) =>
  renderMail({ kind, language, params: { ...params }, secrets: {}, publicUrl: PUBLIC_URL });

describe('directory e-mails', () => {
  it('say what was decided, in the recipient’s language', () => {
    const en = render(NotificationKind.DIRECTORY_CHANGE_DECIDED, 'en', decided);
    expect(en.subject).toBe('Your directory change was rejected');
    expect(en.text).toContain(
      'The Secretariat has rejected your proposed change to the directory of KZ: add a focal point to a network.',
    );
    expect(en.text).toContain(`Proposal: ${decided.changeId}`);
    const ru = render(NotificationKind.DIRECTORY_CHANGE_DECIDED, 'ru', decided);
    expect(ru.subject).toBe('Решение по изменению справочника: отклонено');
    expect(ru.text).toContain('включение национального координатора в сеть. Решение: отклонено.');
    expect(ru.text).toContain('2 марта 2026');
  });

  it('tell a person what happened to their entry', () => {
    const params = {
      displayName: 'Aigerim',
      entryId: '6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
      memberStateCode: 'KZ',
      entryChange: 'account_linked',
      changedAt: '2026-03-02T07:15:00.000Z',
    };
    expect(render(NotificationKind.DIRECTORY_ENTRY_CHANGED, 'en', params).subject).toBe(
      'Your directory entry was linked to your account',
    );
    expect(render(NotificationKind.DIRECTORY_ENTRY_CHANGED, 'ru', params).subject).toBe(
      'Ваша запись в справочнике привязана к вашей учётной записи',
    );
  });

  it('refuse a kind of change they have no words for', () => {
    expect(() =>
      render(NotificationKind.DIRECTORY_CHANGE_DECIDED, 'en', { ...decided, changeKind: 'other' }),
    ).toThrow(MailTemplateError);
    expect(() =>
      render(NotificationKind.DIRECTORY_CHANGE_DECIDED, 'en', { ...decided, decision: 'maybe' }),
    ).toThrow(MailTemplateError);
  });
});
