import type { MailLanguage } from '../notification-kind';

/**
 * Words for the directory's paper trail in e-mails. The values are the
 * directory's own (`DirectoryChangeKind`, `DirectoryEntryChange`), kept as
 * plain strings here because notifications never import the directory.
 */
export const DIRECTORY_CHANGE_KINDS: Record<MailLanguage, Record<string, string>> = {
  en: {
    add_focal_point: 'add a focal point',
    change_focal_point: "change a focal point's entry",
    retire_focal_point: 'retire a focal point',
    add_membership: 'add a focal point to a network',
    remove_membership: 'remove a focal point from a network',
    link_account: 'link an account to an entry',
    add_authority: 'add an authority',
    rename_authority: 'rename an authority',
  },
  ru: {
    add_focal_point: 'добавление национального координатора',
    change_focal_point: 'изменение записи национального координатора',
    retire_focal_point: 'исключение национального координатора из справочника',
    add_membership: 'включение национального координатора в сеть',
    remove_membership: 'исключение национального координатора из сети',
    link_account: 'привязка учётной записи к записи справочника',
    add_authority: 'добавление ведомства',
    rename_authority: 'переименование ведомства',
  },
};

export const DIRECTORY_DECISIONS: Record<MailLanguage, Record<string, string>> = {
  en: { approved: 'approved', rejected: 'rejected' },
  ru: { approved: 'одобрено', rejected: 'отклонено' },
};

export const DIRECTORY_ENTRY_CHANGES: Record<MailLanguage, Record<string, string>> = {
  en: {
    created: 'created',
    updated: 'updated',
    corrected: 'corrected by the Secretariat',
    network_added: 'added to a network',
    network_removed: 'removed from a network',
    account_linked: 'linked to your account',
    account_unlinked: 'unlinked from your account',
    suspended: 'suspended',
    retired: 'retired',
    reactivated: 'reactivated',
  },
  ru: {
    created: 'создана',
    updated: 'изменена',
    corrected: 'исправлена Секретариатом',
    network_added: 'включена в сеть',
    network_removed: 'исключена из сети',
    account_linked: 'привязана к вашей учётной записи',
    account_unlinked: 'отвязана от вашей учётной записи',
    suspended: 'приостановлена',
    retired: 'исключена из справочника',
    reactivated: 'снова действует',
  },
};
