import { type MailLanguage, NotificationKind } from '../notification-kind';
import {
  DIRECTORY_CHANGE_KINDS,
  DIRECTORY_DECISIONS,
  DIRECTORY_ENTRY_CHANGES,
} from './directory-labels';
import { MESSAGE_CATEGORIES, MESSAGE_PRIORITIES, SECRETARIAT_SENDER } from './messaging-labels';
import { formatInZone, NONE, SILENCE_OUTCOMES, SILENCE_STATEMENT_KINDS } from './silence-labels';
import { ACTIVITY_KINDS, ONLINE } from './activity-labels';

/** A rendered e-mail: subject and plain text, nothing else. */
export interface RenderedMail {
  subject: string;
  text: string;
}

/** A template that cannot be filled: a programming error, never retried. */
export class MailTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MailTemplateError';
  }
}

interface Template {
  subject: string;
  text: string;
}

/**
 * Subject and text per kind and language. `{name}` is filled from the values
 * `templateValues` derives from the row; an unknown name refuses to render.
 * Content-free: links, codes, names and dates only.
 */
export const MAIL_TEMPLATES: Record<NotificationKind, Record<MailLanguage, Template>> = {
  [NotificationKind.INVITATION]: {
    en: {
      subject: 'Invitation to the Focal Points Network',
      text: `Dear {displayName},

You have been invited to join the Focal Points Network.

Role: {role}
Member state: {memberState}

To accept the invitation and choose your password, open this link:
{link}

If the link does not open, go to {publicUrl} and enter this invitation code:
{token}

The invitation is valid until {expiresAt}. If you did not expect it, ignore this e-mail: nothing happens without the link.`,
    },
    ru: {
      subject: 'Приглашение в Сеть национальных координаторов',
      text: `Здравствуйте, {displayName}!

Вас пригласили в Сеть национальных координаторов.

Роль: {role}
Государство-член: {memberState}

Чтобы принять приглашение и задать пароль, откройте ссылку:
{link}

Если ссылка не открывается, перейдите на {publicUrl} и введите код приглашения:
{token}

Приглашение действительно до {expiresAt}. Если вы его не ожидали, не отвечайте на это письмо: без ссылки ничего не произойдёт.`,
    },
  },
  [NotificationKind.CREDENTIALS_RESET]: {
    en: {
      subject: 'Set a new password for the Focal Points Network',
      text: `Dear {displayName},

Your sign-in to the Focal Points Network has been reset. To choose a new password, open this link:
{link}

If the link does not open, go to {publicUrl} and enter this code:
{token}

The link is valid until {expiresAt} and works once. If you did not ask for this, tell the Secretariat at once.`,
    },
    ru: {
      subject: 'Новый пароль для Сети национальных координаторов',
      text: `Здравствуйте, {displayName}!

Данные для входа в Сеть национальных координаторов сброшены. Чтобы задать новый пароль, откройте ссылку:
{link}

Если ссылка не открывается, перейдите на {publicUrl} и введите код:
{token}

Ссылка действительна до {expiresAt} и срабатывает один раз. Если вы об этом не просили, немедленно сообщите в Секретариат.`,
    },
  },
  [NotificationKind.ACCOUNT_SUSPENDED]: {
    en: {
      subject: 'Your Focal Points Network account is suspended',
      text: `Dear {displayName},

Your account in the Focal Points Network has been suspended. You can no longer sign in, and every session has ended.

If you think this is a mistake, contact the Secretariat.`,
    },
    ru: {
      subject: 'Ваша учётная запись в Сети национальных координаторов приостановлена',
      text: `Здравствуйте, {displayName}!

Ваша учётная запись в Сети национальных координаторов приостановлена. Войти в систему больше нельзя, все сеансы завершены.

Если вы считаете, что это ошибка, обратитесь в Секретариат.`,
    },
  },
  [NotificationKind.ACCOUNT_REACTIVATED]: {
    en: {
      subject: 'Your Focal Points Network account is active again',
      text: `Dear {displayName},

Your account in the Focal Points Network is active again. You can sign in at {publicUrl}.`,
    },
    ru: {
      subject: 'Ваша учётная запись в Сети национальных координаторов снова активна',
      text: `Здравствуйте, {displayName}!

Ваша учётная запись в Сети национальных координаторов снова активна. Войти можно по адресу {publicUrl}.`,
    },
  },
  [NotificationKind.API_CREDENTIAL_ISSUED]: {
    en: {
      subject: 'API credential issued: {name}',
      text: `Dear {displayName},

An API credential named "{name}" was issued for {memberState} in the Focal Points Network. It is valid until {expiresAt}.

Its secret is never sent by e-mail: it was shown once, to whoever created it. If you did not expect this credential, tell the Secretariat at once.`,
    },
    ru: {
      subject: 'Выдан ключ доступа к API «{name}»',
      text: `Здравствуйте, {displayName}!

Для государства-члена {memberState} в Сети национальных координаторов выдан ключ доступа к API «{name}». Он действителен до {expiresAt}.

Секретная часть ключа никогда не отправляется по электронной почте: её один раз показали тому, кто создал ключ. Если вы этого не ожидали, немедленно сообщите в Секретариат.`,
    },
  },
  [NotificationKind.API_CREDENTIAL_EXPIRING]: {
    en: {
      subject: 'API credential expires soon: {name}',
      text: `Dear {displayName},

The API credential "{name}" for {memberState} expires on {expiresAt}. Issue a new one before then, or the system that uses it will lose access to the Focal Points Network.`,
    },
    ru: {
      subject: 'Срок действия ключа доступа к API «{name}» истекает',
      text: `Здравствуйте, {displayName}!

Срок действия ключа доступа к API «{name}» для государства-члена {memberState} истекает {expiresAt}. Выпустите новый ключ заранее, иначе система, которая его использует, потеряет доступ к Сети национальных координаторов.`,
    },
  },
  [NotificationKind.DIRECTORY_CONFIRMATION_DUE]: {
    en: {
      subject: 'Directory entry due for confirmation: {name}',
      text: `Dear {displayName},

The directory entry of {name} ({memberState}) in the Focal Points Network is due for confirmation on {dueAt}.

If it is your own entry, sign in at {publicUrl} and confirm that it is still correct, or ask your coordinator to propose a change. If you coordinate {memberState}, make sure the entry is confirmed or changed.

An entry not confirmed by then is marked stale.`,
    },
    ru: {
      subject: 'Требуется подтвердить запись в справочнике: {name}',
      text: `Здравствуйте, {displayName}!

Запись {name} ({memberState}) в справочнике Сети национальных координаторов необходимо подтвердить до {dueAt}.

Если это ваша запись, войдите в систему по адресу {publicUrl} и подтвердите, что данные актуальны, или попросите координатора предложить изменения. Если вы координатор от {memberState}, проследите, чтобы запись была подтверждена или изменена.

Запись, не подтверждённая в срок, помечается как устаревшая.`,
    },
  },
  [NotificationKind.DIRECTORY_ENTRY_STALE]: {
    en: {
      subject: 'Directory entry marked stale: {name}',
      text: `Dear {displayName},

The directory entry of {name} ({memberState}) in the Focal Points Network was due for confirmation on {dueAt} and has been marked stale.

Sign in at {publicUrl} and confirm the entry, or have it changed. If it stays unconfirmed for 14 more days, the state's coordinators are asked to act.`,
    },
    ru: {
      subject: 'Запись в справочнике помечена как устаревшая: {name}',
      text: `Здравствуйте, {displayName}!

Запись {name} ({memberState}) в справочнике Сети национальных координаторов нужно было подтвердить до {dueAt}; она помечена как устаревшая.

Войдите в систему по адресу {publicUrl} и подтвердите запись или добейтесь её изменения. Если запись не будет подтверждена в течение 14 дней, вопрос передадут координаторам государства.`,
    },
  },
  [NotificationKind.DIRECTORY_STALE_ESCALATED]: {
    en: {
      subject: 'Stale directory entry of {memberState}: {name}',
      text: `Dear {displayName},

The directory entry of {name} ({memberState}) in the Focal Points Network was due for confirmation on {dueAt}, was marked stale, and has still not been confirmed.

As a coordinator of {memberState}, please have the person confirm it, or propose a change or its removal. Sign in at {publicUrl}.`,
    },
    ru: {
      subject: 'Устаревшая запись в справочнике ({memberState}): {name}',
      text: `Здравствуйте, {displayName}!

Запись {name} ({memberState}) в справочнике Сети национальных координаторов нужно было подтвердить до {dueAt}; она помечена как устаревшая и до сих пор не подтверждена.

Как координатор от {memberState}, попросите этого человека подтвердить запись либо предложите её изменение или удаление. Вход в систему: {publicUrl}.`,
    },
  },
  [NotificationKind.COMMUNICATION_CHECK_STARTED]: {
    en: {
      subject: 'Communication check: please acknowledge by {deadline}',
      text: `Dear {displayName},

The Secretariat has started a communication check of the network "{network}" in the Focal Points Network.

Please sign in at {publicUrl} and acknowledge the check by {deadline}. Your acknowledgement shows that your state can be reached through this network.`,
    },
    ru: {
      subject: 'Проверка связи: подтвердите получение до {deadline}',
      text: `Здравствуйте, {displayName}!

Секретариат начал проверку связи в сети «{network}» Сети национальных координаторов.

Войдите в систему по адресу {publicUrl} и подтвердите получение до {deadline}. Ваше подтверждение показывает, что с вашим государством можно связаться через эту сеть.`,
    },
  },
  [NotificationKind.DIRECTORY_CHANGE_PROPOSED]: {
    en: {
      subject: 'Directory change proposed for {memberState}',
      text: `Dear {displayName},

A coordinator of {memberState} has proposed a change to the directory of the Focal Points Network: {changeKind}.

Proposal: {changeId}
Proposed on: {proposedAt}

Sign in at {publicUrl} to approve or reject it.`,
    },
    ru: {
      subject: 'Предложено изменение справочника: {memberState}',
      text: `Здравствуйте, {displayName}!

Координатор от {memberState} предложил изменение справочника Сети национальных координаторов: {changeKind}.

Предложение: {changeId}
Дата: {proposedAt}

Чтобы одобрить или отклонить его, войдите в систему по адресу {publicUrl}.`,
    },
  },
  [NotificationKind.DIRECTORY_CHANGE_DECIDED]: {
    en: {
      subject: 'Your directory change was {decision}',
      text: `Dear {displayName},

The Secretariat has {decision} your proposed change to the directory of {memberState}: {changeKind}.

Proposal: {changeId}
Decided on: {decidedAt}

Sign in at {publicUrl} to read the decision and its reason.`,
    },
    ru: {
      subject: 'Решение по изменению справочника: {decision}',
      text: `Здравствуйте, {displayName}!

Секретариат рассмотрел предложенное вами изменение справочника ({memberState}): {changeKind}. Решение: {decision}.

Предложение: {changeId}
Дата решения: {decidedAt}

Решение и его обоснование доступны после входа в систему по адресу {publicUrl}.`,
    },
  },
  [NotificationKind.DIRECTORY_ENTRY_CHANGED]: {
    en: {
      subject: 'Your directory entry was {entryChange}',
      text: `Dear {displayName},

Your entry in the directory of the Focal Points Network ({memberState}) was {entryChange} on {changedAt}.

Entry: {entryId}

Sign in at {publicUrl} to see the entry and its history. If you did not expect this, tell your coordinator or the Secretariat.`,
    },
    ru: {
      subject: 'Ваша запись в справочнике {entryChange}',
      text: `Здравствуйте, {displayName}!

Ваша запись в справочнике Сети национальных координаторов ({memberState}) {entryChange} {changedAt}.

Запись: {entryId}

Запись и её историю можно посмотреть после входа в систему по адресу {publicUrl}. Если вы этого не ожидали, сообщите координатору или в Секретариат.`,
    },
  },
  [NotificationKind.IDENTITY_KEY_CHANGED]: {
    en: {
      subject: 'The security key of {personName} changed',
      text: `Dear {displayName},

{personName}, who shares a network with you, replaced their identity key on {changedAt}. Their earlier devices can no longer receive messages.

Before you send them anything sensitive, sign in at {publicUrl} and compare safety numbers with them through another channel (in person or by telephone). If they did not change their key, tell the Secretariat at once.`,
    },
    ru: {
      subject: 'Ключ безопасности пользователя {personName} изменён',
      text: `Здравствуйте, {displayName}!

{personName}, участник общей с вами сети, заменил(а) свой ключ идентификации {changedAt}. Прежние устройства этого пользователя больше не получают сообщения.

Прежде чем отправлять важные сведения, войдите в систему по адресу {publicUrl} и сверьте с ним (с ней) коды безопасности по другому каналу (лично или по телефону). Если ключ не менялся, немедленно сообщите в Секретариат.`,
    },
  },
  [NotificationKind.REQUEST_DUE_SOON]: {
    en: {
      subject: 'A request to {memberState} is due on {dueAt}',
      text: `Dear {displayName},

A request for assistance addressed to your state ({memberState}) in the network {network} is due on {dueAt} and has not been answered yet.

Priority: {priority}
Sent: {sentAt}
Message: {messageId}

Sign in at {publicUrl} to read it and answer.`,
    },
    ru: {
      subject: 'Срок ответа на запрос к {memberState}: {dueAt}',
      text: `Здравствуйте, {displayName}!

Срок ответа на запрос о содействии, направленный вашему государству ({memberState}) в сети «{network}», истекает {dueAt}; ответа пока нет.

Приоритет: {priority}
Отправлен: {sentAt}
Сообщение: {messageId}

Чтобы прочитать запрос и ответить, войдите в систему по адресу {publicUrl}.`,
    },
  },
  [NotificationKind.REQUEST_OVERDUE]: {
    en: {
      subject: 'A request to {memberState} is overdue',
      text: `Dear {displayName},

A request for assistance addressed to your state ({memberState}) in the network {network} was due on {dueAt} and has not been answered.

Priority: {priority}
Sent: {sentAt}
Message: {messageId}

Sign in at {publicUrl} to read it and answer as soon as you can.`,
    },
    ru: {
      subject: 'Срок ответа на запрос к {memberState} истёк',
      text: `Здравствуйте, {displayName}!

Срок ответа на запрос о содействии, направленный вашему государству ({memberState}) в сети «{network}», истёк {dueAt}; ответа нет.

Приоритет: {priority}
Отправлен: {sentAt}
Сообщение: {messageId}

Войдите в систему по адресу {publicUrl}, чтобы прочитать запрос и ответить как можно скорее.`,
    },
  },
  [NotificationKind.MESSAGE_ESCALATED]: {
    en: {
      subject: 'Unacknowledged {priority} message for {memberState}',
      text: `Dear {displayName},

Nobody of {memberState} has acknowledged a message in the network {network} in time. It is raised to you as an alternate focal point or coordinator of your state.

Category: {category}
Priority: {priority}
From: {senderState}
Sent: {sentAt}
Message: {messageId}

Sign in at {publicUrl}, or make sure a focal point of your state acknowledges it.`,
    },
    ru: {
      subject: 'Неподтверждённое сообщение ({priority}) для {memberState}',
      text: `Здравствуйте, {displayName}!

Никто из {memberState} не подтвердил вовремя получение сообщения в сети «{network}». Оно передано вам как заместителю координатора или координатору вашего государства.

Категория: {category}
Приоритет: {priority}
Отправитель: {senderState}
Отправлено: {sentAt}
Сообщение: {messageId}

Войдите в систему по адресу {publicUrl} или убедитесь, что кто-либо из национальных координаторов вашего государства подтвердил получение.`,
    },
  },
  [NotificationKind.REQUEST_HANDED_OVER]: {
    en: {
      subject: 'An open request for {memberState} passed to you',
      text: `Dear {displayName},

{personName} no longer acts for {memberState} in the network {network}. Their open request for assistance now rests with your state's remaining focal points.

Priority: {priority}
Sent: {sentAt}
Due: {dueAt}
Message: {messageId}

Sign in at {publicUrl} to see it. If you cannot read it (it was encrypted before you were addressed), ask the sender to send it to you again.`,
    },
    ru: {
      subject: 'Вам передан открытый запрос для {memberState}',
      text: `Здравствуйте, {displayName}!

{personName} больше не представляет {memberState} в сети «{network}». Его (её) открытый запрос о содействии передан остальным национальным координаторам вашего государства.

Приоритет: {priority}
Отправлен: {sentAt}
Срок: {dueAt}
Сообщение: {messageId}

Войдите в систему по адресу {publicUrl}, чтобы его увидеть. Если вы не можете его прочитать (он был зашифрован до того, как вас добавили), попросите отправителя прислать его вам повторно.`,
    },
  },
  [NotificationKind.SILENCE_PROCEDURE_OPENED]: {
    en: {
      subject: 'Silence procedure: {procedureTitle}',
      text: `Dear {displayName},

The Secretariat has circulated a draft under silence procedure: {procedureTitle}.

Priority area: {priorityArea}
Deadline: {procedureDeadline}
Note: {noteReference}
Procedure: {procedureId}

The draft is approved unless a member state breaks silence (an objection or a proposed amendment, with reasons) before the deadline. Sign in at {publicUrl} to read it and to concur or break silence for your state.`,
    },
    ru: {
      subject: 'Процедура умолчания: {procedureTitle}',
      text: `Здравствуйте, {displayName}!

Секретариат распространил проект по процедуре умолчания: {procedureTitle}.

Приоритетная область: {priorityArea}
Срок: {procedureDeadline}
Нота: {noteReference}
Процедура: {procedureId}

Проект считается утверждённым, если до истечения срока ни одно государство-член не нарушит молчание (возражение или предложение поправки с обоснованием). Войдите в систему по адресу {publicUrl}, чтобы ознакомиться с ним и выразить согласие или нарушить молчание от имени вашего государства.`,
    },
  },
  [NotificationKind.SILENCE_STATEMENT_RECORDED]: {
    en: {
      subject: '{memberState} in the silence procedure: {statementKind}',
      text: `Dear {displayName},

{memberState} has made a statement in the silence procedure on {procedureTitle}: {statementKind}.

Deadline: {procedureDeadline}
Procedure: {procedureId}

Sign in at {publicUrl} to see where every state stands.`,
    },
    ru: {
      subject: '{memberState} в процедуре умолчания: {statementKind}',
      text: `Здравствуйте, {displayName}!

{memberState} сделало заявление в процедуре умолчания по документу {procedureTitle}: {statementKind}.

Срок: {procedureDeadline}
Процедура: {procedureId}

Войдите в систему по адресу {publicUrl}, чтобы увидеть позицию каждого государства.`,
    },
  },
  [NotificationKind.SILENCE_PROCEDURE_EXTENDED]: {
    en: {
      subject: 'Silence procedure extended: {procedureTitle}',
      text: `Dear {displayName},

The Secretariat has extended the silence procedure on {procedureTitle}.

New deadline: {procedureDeadline}
Previous deadline: {previousProcedureDeadline}
Note: {noteReference}
Procedure: {procedureId}

Sign in at {publicUrl} to see it.`,
    },
    ru: {
      subject: 'Процедура умолчания продлена: {procedureTitle}',
      text: `Здравствуйте, {displayName}!

Секретариат продлил процедуру умолчания по документу {procedureTitle}.

Новый срок: {procedureDeadline}
Прежний срок: {previousProcedureDeadline}
Нота: {noteReference}
Процедура: {procedureId}

Войдите в систему по адресу {publicUrl}, чтобы ознакомиться.`,
    },
  },
  [NotificationKind.SILENCE_PROCEDURE_WITHDRAWN]: {
    en: {
      subject: 'Silence procedure withdrawn: {procedureTitle}',
      text: `Dear {displayName},

The Secretariat has withdrawn the silence procedure on {procedureTitle}. No statement is taken any more.

Note: {noteReference}
Procedure: {procedureId}

Sign in at {publicUrl} to see it.`,
    },
    ru: {
      subject: 'Процедура умолчания отозвана: {procedureTitle}',
      text: `Здравствуйте, {displayName}!

Секретариат отозвал процедуру умолчания по документу {procedureTitle}. Заявления больше не принимаются.

Нота: {noteReference}
Процедура: {procedureId}

Войдите в систему по адресу {publicUrl}, чтобы ознакомиться.`,
    },
  },
  [NotificationKind.SILENCE_PROCEDURE_CLOSED]: {
    en: {
      subject: 'Silence procedure {procedureOutcome}: {procedureTitle}',
      text: `Dear {displayName},

The deadline of the silence procedure on {procedureTitle} has passed ({procedureDeadline}). The draft is {procedureOutcome}.

Silence broken by: {brokenBy}
Note: {noteReference}
Procedure: {procedureId}

Sign in at {publicUrl} to read the note.`,
    },
    ru: {
      subject: 'Процедура умолчания: документ {procedureOutcome} — {procedureTitle}',
      text: `Здравствуйте, {displayName}!

Срок процедуры умолчания по документу {procedureTitle} истёк ({procedureDeadline}). Проект {procedureOutcome}.

Молчание нарушили: {brokenBy}
Нота: {noteReference}
Процедура: {procedureId}

Войдите в систему по адресу {publicUrl}, чтобы прочитать ноту.`,
    },
  },
  [NotificationKind.NOTE_ISSUED]: {
    en: {
      subject: 'Note {noteReference}: {noteTitle}',
      text: `Dear {displayName},

The CICA Secretariat has issued a note to the Member States.

Reference: {noteReference}
Title: {noteTitle}
Dated: Astana, {noteDated}

Read or download it (English and Russian, PDF or Markdown) at:
{noteLink}`,
    },
    ru: {
      subject: 'Нота {noteReference}: {noteTitle}',
      text: `Здравствуйте, {displayName}!

Секретариат СВМДА направил государствам-членам ноту.

Номер: {noteReference}
Название: {noteTitle}
Дата: Астана, {noteDated}

Прочитать или скачать её (на английском и русском языках, PDF или Markdown) можно по адресу:
{noteLink}`,
    },
  },
  [NotificationKind.ACTIVITY_PLANNED]: {
    en: {
      subject: '{activityKind} planned: {activityTitle}',
      text: `Dear {displayName},

The Secretariat has planned an activity of the Action Plan in the network "{network}":

{activityKind}: {activityTitle}
Starts: {activityStart}
Place: {activityPlace}
Activity: {activityId}

Taking part is voluntary. Sign in at {publicUrl} to see the details and, if your state takes part, to join it for your state.`,
    },
    ru: {
      subject: 'Запланировано мероприятие ({activityKind}): {activityTitle}',
      text: `Здравствуйте, {displayName}!

Секретариат запланировал мероприятие Плана действий в сети «{network}»:

{activityKind}: {activityTitle}
Начало: {activityStart}
Место: {activityPlace}
Мероприятие: {activityId}

Участие добровольное. Войдите в систему по адресу {publicUrl}, чтобы ознакомиться с подробностями и, если ваше государство примет участие, заявить о нём.`,
    },
  },
  [NotificationKind.ACTIVITY_CANCELLED]: {
    en: {
      subject: '{activityKind} cancelled: {activityTitle}',
      text: `Dear {displayName},

The Secretariat has cancelled an activity your state had joined, in the network "{network}":

{activityKind}: {activityTitle}
Was to start: {activityStart}
Place: {activityPlace}
Activity: {activityId}

Sign in at {publicUrl} to see the calendar.`,
    },
    ru: {
      subject: 'Мероприятие отменено ({activityKind}): {activityTitle}',
      text: `Здравствуйте, {displayName}!

Секретариат отменил мероприятие в сети «{network}», в котором заявило участие ваше государство:

{activityKind}: {activityTitle}
Должно было начаться: {activityStart}
Место: {activityPlace}
Мероприятие: {activityId}

Календарь доступен после входа в систему по адресу {publicUrl}.`,
    },
  },
};

const FOOTER: Record<MailLanguage, string> = {
  en: `-- 
This e-mail was sent automatically by the Focal Points Network ({publicUrl}). Its e-mails never carry message content: sign in to read your messages. Please do not reply.`,
  ru: `-- 
Это письмо отправлено автоматически Сетью национальных координаторов ({publicUrl}). Письма сети никогда не содержат текста сообщений: чтобы их прочитать, войдите в систему. Пожалуйста, не отвечайте на это письмо.`,
};

const ROLE_NAMES: Record<MailLanguage, Record<string, string>> = {
  en: {
    SECRETARIAT_ADMIN: 'Secretariat administrator',
    SECRETARIAT_OFFICER: 'Secretariat officer',
    STATE_COORDINATOR: 'Coordinator of a member state',
    FOCAL_POINT: 'National focal point',
  },
  ru: {
    SECRETARIAT_ADMIN: 'Администратор Секретариата',
    SECRETARIAT_OFFICER: 'Сотрудник Секретариата',
    STATE_COORDINATOR: 'Координатор государства-члена',
    FOCAL_POINT: 'Национальный координатор',
  },
};

const NO_MEMBER_STATE: Record<MailLanguage, string> = {
  en: 'none (Secretariat)',
  ru: 'нет (Секретариат)',
};

/** Where a link of each kind leads in the web client; the token follows. */
const LINK_PATHS: Partial<Record<NotificationKind, string>> = {
  [NotificationKind.INVITATION]: '/#/invitation/',
  [NotificationKind.CREDENTIALS_RESET]: '/#/reset/',
};

/** A note's date at the seat (a calendar date, no time). */
const NOTE_DATE_FORMATS: Record<MailLanguage, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }),
  ru: new Intl.DateTimeFormat('ru-RU', { dateStyle: 'long', timeZone: 'UTC' }),
};

const DATE_FORMATS: Record<MailLanguage, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }),
  ru: new Intl.DateTimeFormat('ru-RU', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }),
};

export interface MailInput {
  kind: string;
  language: MailLanguage;
  params: Record<string, unknown>;
  secrets: Record<string, string>;
  /** The web address users open, without a trailing slash. */
  publicUrl: string;
}

/** One line of text a person typed (a name), safe in a subject or a line of its own. */
function plainLine(value: unknown, what: string): string {
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new MailTemplateError(`${what} is missing`);
  }
  // Control characters and line separators would break a header or a line.
  const line = String(value)
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function formatDate(value: unknown, language: MailLanguage): string {
  const date = typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw new MailTemplateError('a date is not valid');
  return `${DATE_FORMATS[language].format(date)} UTC`;
}

/** The values a template may name, derived from the row; only those its kind needs are computed. */
function templateValues(input: MailInput, names: Set<string>): Record<string, string> {
  const { params, language } = input;
  const values: Record<string, string> = { publicUrl: input.publicUrl };
  for (const name of names) {
    switch (name) {
      case 'publicUrl':
        break;
      case 'displayName':
      case 'name':
      case 'personName':
        values[name] = plainLine(params[name], name);
        break;
      case 'role':
        values.role = ROLE_NAMES[language][String(params.role)] ?? plainLine(params.role, 'role');
        break;
      case 'memberState':
        values.memberState =
          params.memberStateCode === null || params.memberStateCode === undefined
            ? NO_MEMBER_STATE[language]
            : plainLine(params.memberStateCode, 'memberStateCode');
        break;
      case 'expiresAt':
      case 'dueAt':
      case 'sentAt':
      case 'deadline':
        values[name] = formatDate(params[name], language);
        break;
      case 'network':
        values.network = plainLine(
          language === 'ru' ? params.networkNameRu : params.networkNameEn,
          'network name',
        );
        break;
      case 'token':
      case 'link': {
        const token = input.secrets.token;
        const path = LINK_PATHS[input.kind as NotificationKind];
        if (!token || !/^[A-Za-z0-9_-]+$/.test(token) || !path) {
          throw new MailTemplateError(`${input.kind} needs a token`);
        }
        values.token = token;
        values.link = `${input.publicUrl}${path}${token}`;
        break;
      }
      // The directory's paper trail.
      case 'changeId':
      case 'entryId':
        values[name] = plainLine(params[name], name);
        break;
      case 'changeKind':
        values.changeKind = label(DIRECTORY_CHANGE_KINDS, language, params.changeKind, name);
        break;
      case 'decision':
        values.decision = label(DIRECTORY_DECISIONS, language, params.decision, name);
        break;
      case 'entryChange':
        values.entryChange = label(DIRECTORY_ENTRY_CHANGES, language, params.entryChange, name);
        break;
      case 'proposedAt':
      case 'decidedAt':
      case 'changedAt':
        values[name] = formatDate(params[name], language);
        break;
      // A message's visible metadata (libs/messaging requests and escalation).
      case 'messageId':
        values.messageId = plainLine(params.messageId, name);
        break;
      case 'priority':
        values.priority = label(MESSAGE_PRIORITIES, language, params.priority, name);
        break;
      case 'category':
        values.category = label(MESSAGE_CATEGORIES, language, params.category, name);
        break;
      case 'senderState':
        values.senderState =
          params.senderMemberStateCode === null || params.senderMemberStateCode === undefined
            ? SECRETARIAT_SENDER[language]
            : plainLine(params.senderMemberStateCode, 'senderMemberStateCode');
        break;
      // Silence procedures (libs/workflows/src/procedures): titles, deadlines in the chosen zone.
      case 'procedureId':
        values.procedureId = plainLine(params.procedureId, name);
        break;
      case 'procedureTitle':
        values.procedureTitle = plainLine(
          language === 'ru' ? params.titleRu : params.titleEn,
          'procedure title',
        );
        break;
      case 'procedureDeadline':
      case 'previousProcedureDeadline': {
        const value = name === 'procedureDeadline' ? params.deadline : params.previousDeadline;
        formatDate(value, language); // refuses a missing or invalid date
        try {
          values[name] = formatInZone(
            new Date(String(value)),
            plainLine(params.deadlineTimeZone, 'deadlineTimeZone'),
            language,
          );
        } catch (error) {
          if (error instanceof MailTemplateError) throw error;
          throw new MailTemplateError('deadlineTimeZone is not a known time zone');
        }
        break;
      }
      case 'priorityArea':
        values.priorityArea =
          (language === 'ru' ? params.networkNameRu : params.networkNameEn) == null
            ? NONE[language]
            : plainLine(language === 'ru' ? params.networkNameRu : params.networkNameEn, name);
        break;
      case 'noteReference':
        values.noteReference =
          params.noteReference == null ? NONE[language] : plainLine(params.noteReference, name);
        break;
      case 'statementKind':
        values.statementKind = label(SILENCE_STATEMENT_KINDS, language, params.statementKind, name);
        break;
      case 'procedureOutcome':
        values.procedureOutcome = label(SILENCE_OUTCOMES, language, params.outcome, name);
        break;
      case 'brokenBy':
        values.brokenBy =
          typeof params.brokenBy === 'string' && params.brokenBy.length > 0
            ? plainLine(params.brokenBy, name)
            : NONE[language];
        break;
      // Action Plan activities (libs/workflows/src/activities).
      case 'activityId':
        values.activityId = plainLine(params.activityId, name);
        break;
      case 'activityTitle':
        values.activityTitle = plainLine(language === 'ru' ? params.titleRu : params.titleEn, name);
        break;
      case 'activityKind':
        values.activityKind = label(ACTIVITY_KINDS, language, params.activityKind, name);
        break;
      case 'activityStart':
        formatDate(params.startsAt, language); // refuses a missing or invalid date
        try {
          values.activityStart = formatInZone(
            new Date(String(params.startsAt)),
            plainLine(params.timeZone, 'timeZone'),
            language,
          );
        } catch (error) {
          if (error instanceof MailTemplateError) throw error;
          throw new MailTemplateError('timeZone is not a known time zone');
        }
        break;
      case 'activityPlace': {
        const venue = params.venue == null ? null : plainLine(params.venue, 'venue');
        const online = params.online === true ? ONLINE[language] : null;
        if (!venue && !online) throw new MailTemplateError('an activity needs a venue or online');
        values.activityPlace = [venue, online].filter(Boolean).join(' / ');
        break;
      }
      // Numbered notes (libs/workflows/src/notes).
      case 'noteTitle':
        values.noteTitle = plainLine(language === 'ru' ? params.titleRu : params.titleEn, name);
        break;
      case 'noteDated': {
        const dated = typeof params.dated === 'string' ? params.dated : '';
        if (!/^\d{4}-\d{2}-\d{2}$/.test(dated)) throw new MailTemplateError('dated is not a date');
        values.noteDated = NOTE_DATE_FORMATS[language].format(new Date(`${dated}T00:00:00Z`));
        break;
      }
      case 'noteLink': {
        const id = typeof params.noteId === 'string' ? params.noteId : '';
        if (!/^[0-9a-f-]{36}$/.test(id)) throw new MailTemplateError('noteId is not an id');
        values.noteLink = `${input.publicUrl}/#/notes/${id}`;
        break;
      }
      default:
        throw new MailTemplateError(`unknown placeholder {${name}}`);
    }
  }
  return values;
}

/** A fixed word for a code, in the mail's language; an unknown code refuses to render. */
function label(
  words: Record<MailLanguage, Record<string, string>>,
  language: MailLanguage,
  code: unknown,
  what: string,
): string {
  const word = typeof code === 'string' ? words[language][code] : undefined;
  if (!word) throw new MailTemplateError(`${what} is not known`);
  return word;
}

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

function fill(template: string, values: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => values[name]);
}

/** Subject and text of one e-mail, or MailTemplateError when the row cannot make one. */
export function renderMail(input: MailInput): RenderedMail {
  const template = Object.hasOwn(MAIL_TEMPLATES, input.kind)
    ? MAIL_TEMPLATES[input.kind as NotificationKind][input.language]
    : undefined;
  if (!template) throw new MailTemplateError(`no ${input.language} template for ${input.kind}`);
  const body = `${template.text}\n\n${FOOTER[input.language]}\n`;
  const names = new Set([...`${template.subject}\n${body}`.matchAll(PLACEHOLDER)].map((m) => m[1]));
  const values = templateValues(input, names);
  return { subject: fill(template.subject, values), text: fill(body, values) };
}
