import Mustache from 'mustache';
import { formatDated, formatInstantIn, type NoteLanguage } from './note-dates';
import { escapeMarkdown, oneLine } from './note-markdown';
import { type IssueNoteInput, NoteKind } from './note-types';

/**
 * The notes' texts, English and Russian, one per kind, in the Secretariat's
 * formal language. Mustache with Markdown escaping (`{{x}}` escapes what users
 * typed; the templates use no triple braces). Kept as TypeScript constants so
 * the build ships them with the code.
 */
const OPENING: Record<NoteLanguage, string> = {
  en: 'The CICA Secretariat presents its compliments to the Member States and has the honour to',
  ru: 'Секретариат СВМДА свидетельствует своё уважение государствам-членам и имеет честь',
};

const CLOSING: Record<NoteLanguage, string> = {
  en: 'The CICA Secretariat avails itself of this opportunity to renew to the Member States the assurances of its highest consideration.',
  ru: 'Секретариат СВМДА пользуется случаем, чтобы возобновить государствам-членам уверения в своём самом высоком уважении.',
};

/** Reference, place and date: the head of each language's half. */
const HEAD: Record<NoteLanguage, string> = {
  en: `**No. {{reference}}**

{{place}}, {{dated}}
`,
  ru: `**№ {{reference}}**

{{place}}, {{dated}}
`,
};

export const NOTE_TEMPLATES: Record<NoteKind, Record<NoteLanguage, string>> = {
  [NoteKind.SILENCE_CIRCULATION]: {
    en: `## Silence procedure: circulation of a draft

${OPENING.en} inform that the draft document “{{title}}”{{#area}} (priority area: {{area}}){{/area}} is circulated to the Member States under the silence procedure.

The silence procedure expires on **{{deadline}}**. Unless a Member State breaks silence before that time by a written objection or a proposed amendment, the document shall be considered approved.

The coordinators of the Member States may record the position of their State in the Focal Points Network.

${CLOSING.en}
`,
    ru: `## Процедура умолчания: распространение проекта

${OPENING.ru} сообщить, что проект документа «{{title}}»{{#area}} (приоритетное направление: {{area}}){{/area}} распространяется среди государств-членов в порядке процедуры умолчания.

Процедура умолчания истекает **{{deadline}}**. Если до этого срока ни одно государство-член не нарушит молчание, представив письменное возражение или предложение о поправке, документ будет считаться одобренным.

Координаторы государств-членов могут зафиксировать позицию своего государства в Сети национальных координаторов.

${CLOSING.ru}
`,
  },
  [NoteKind.SILENCE_EXTENSION]: {
    en: `## Silence procedure: extension of the deadline

${OPENING.en} inform that the silence procedure on the draft document “{{title}}”{{#area}} (priority area: {{area}}){{/area}} has been extended.

The silence procedure now expires on **{{deadline}}**{{#previousDeadline}} instead of {{previousDeadline}}{{/previousDeadline}}.

${CLOSING.en}
`,
    ru: `## Процедура умолчания: продление срока

${OPENING.ru} сообщить, что срок процедуры умолчания по проекту документа «{{title}}»{{#area}} (приоритетное направление: {{area}}){{/area}} продлён.

Процедура умолчания теперь истекает **{{deadline}}**{{#previousDeadline}} вместо {{previousDeadline}}{{/previousDeadline}}.

${CLOSING.ru}
`,
  },
  [NoteKind.SILENCE_WITHDRAWAL]: {
    en: `## Silence procedure: withdrawal

${OPENING.en} inform that the silence procedure on the draft document “{{title}}”{{#area}} (priority area: {{area}}){{/area}}, which was to expire on {{deadline}}, has been withdrawn. No decision has been taken on the document.

${CLOSING.en}
`,
    ru: `## Процедура умолчания: отзыв

${OPENING.ru} сообщить, что процедура умолчания по проекту документа «{{title}}»{{#area}} (приоритетное направление: {{area}}){{/area}}, срок которой истекал {{deadline}}, отозвана. Решение по документу не принято.

${CLOSING.ru}
`,
  },
  [NoteKind.SILENCE_OUTCOME]: {
    en: `## Silence procedure: outcome

${OPENING.en} inform that the silence procedure on the draft document “{{title}}”{{#area}} (priority area: {{area}}){{/area}} expired on {{deadline}}.

{{#approved}}
Silence was not broken. The document is therefore considered **approved**.
{{/approved}}
{{^approved}}
Silence was broken by the following Member States:

{{#brokenBy}}
- {{name}}: {{how}}
{{/brokenBy}}

The document has therefore **not been adopted**.
{{/approved}}

${CLOSING.en}
`,
    ru: `## Процедура умолчания: итоги

${OPENING.ru} сообщить, что срок процедуры умолчания по проекту документа «{{title}}»{{#area}} (приоритетное направление: {{area}}){{/area}} истёк {{deadline}}.

{{#approved}}
Молчание нарушено не было. Документ считается **одобренным**.
{{/approved}}
{{^approved}}
Молчание нарушили следующие государства-члены:

{{#brokenBy}}
- {{name}}: {{how}}
{{/brokenBy}}

Соответственно, документ **не принят**.
{{/approved}}

${CLOSING.ru}
`,
  },
  [NoteKind.CIRCULATION]: {
    en: `## {{title}}

${OPENING.en} circulate the following.

{{text}}

${CLOSING.en}
`,
    ru: `## {{title}}

${OPENING.ru} распространить следующее.

{{text}}

${CLOSING.ru}
`,
  },
};

const PLACE: Record<NoteLanguage, string> = { en: 'Astana', ru: 'Астана' };

const BREAK_KINDS: Record<NoteLanguage, Record<'objection' | 'amendment', string>> = {
  en: { objection: 'a written objection', amendment: 'a proposed amendment' },
  ru: { objection: 'письменное возражение', amendment: 'предложение о поправке' },
};

/** The letterhead line above both halves. */
export const LETTERHEAD = 'CICA Secretariat · Секретариат СВМДА';

/** Where and when a note is issued, and its reference. */
export interface NoteHeading {
  reference: string;
  /** YYYY-MM-DD at the seat. */
  dated: string;
}

/** The titles a note is filed under: the document's (a procedure) or the circulation's. */
export function noteTitles(input: IssueNoteInput): { titleEn: string; titleRu: string } {
  const source = input.kind === NoteKind.CIRCULATION ? input : input.procedure;
  return { titleEn: oneLine(source.titleEn), titleRu: oneLine(source.titleRu) };
}

function view(input: IssueNoteInput, language: NoteLanguage): Record<string, unknown> {
  const en = language === 'en';
  if (input.kind === NoteKind.CIRCULATION) {
    return {
      title: oneLine(en ? input.titleEn : input.titleRu),
      text: en ? input.textEn : input.textRu,
    };
  }
  const p = input.procedure;
  const instant = (iso: string) => formatInstantIn(iso, p.deadlineTimeZone, language);
  return {
    title: oneLine(en ? p.titleEn : p.titleRu),
    area: p.priorityArea ? oneLine(en ? p.priorityArea.nameEn : p.priorityArea.nameRu) : null,
    deadline: instant(p.deadline),
    previousDeadline: p.previousDeadline ? instant(p.previousDeadline) : null,
    approved: p.outcome !== 'not_adopted',
    brokenBy: (p.brokenBy ?? []).map((state) => ({
      name: oneLine(en ? state.nameEn : state.nameRu),
      how: BREAK_KINDS[language][state.kind],
    })),
  };
}

/**
 * One language's half of a note, in Markdown: reference, place and date,
 * then the kind's text. Everything users typed is escaped.
 */
export function renderNoteBody(
  input: IssueNoteInput,
  heading: NoteHeading,
  language: NoteLanguage,
): string {
  const options = { escape: escapeMarkdown };
  const head = Mustache.render(
    HEAD[language],
    {
      reference: heading.reference,
      place: PLACE[language],
      dated: formatDated(heading.dated, language),
    },
    {},
    options,
  );
  const body = Mustache.render(
    NOTE_TEMPLATES[input.kind][language],
    view(input, language),
    {},
    options,
  );
  return `${head}\n${body.replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

/** The whole note: the letterhead, then the English and the Russian halves. */
export function noteMarkdown(bodyEn: string, bodyRu: string): string {
  return `**${LETTERHEAD}**\n\n---\n\n${bodyEn.trim()}\n\n---\n\n${bodyRu.trim()}\n`;
}
