import type { NamePoolKey } from './synthetic-names';

/** What a synthetic entry of a state looks like: its people's names, languages, clock and phones. */
export interface SyntheticStateProfile {
  names: NamePoolKey;
  /** ISO 639-1; English is added to most entries. */
  languages: readonly string[];
  timeZone: string;
  callingCode: string;
}

/** The 28 states of the seed roster; a state added later falls back to `DEFAULT_PROFILE`. */
export const STATE_PROFILES: Readonly<Record<string, SyntheticStateProfile>> = {
  AF: { names: 'southAsian', languages: ['ps', 'fa'], timeZone: 'Asia/Kabul', callingCode: '93' },
  AZ: { names: 'turkic', languages: ['az', 'ru'], timeZone: 'Asia/Baku', callingCode: '994' },
  BH: { names: 'arabic', languages: ['ar'], timeZone: 'Asia/Bahrain', callingCode: '973' },
  BD: { names: 'southAsian', languages: ['bn'], timeZone: 'Asia/Dhaka', callingCode: '880' },
  KH: {
    names: 'southeastAsian',
    languages: ['km'],
    timeZone: 'Asia/Phnom_Penh',
    callingCode: '855',
  },
  CN: { names: 'eastAsian', languages: ['zh'], timeZone: 'Asia/Shanghai', callingCode: '86' },
  EG: { names: 'arabic', languages: ['ar', 'fr'], timeZone: 'Africa/Cairo', callingCode: '20' },
  IN: { names: 'southAsian', languages: ['hi'], timeZone: 'Asia/Kolkata', callingCode: '91' },
  IR: { names: 'persian', languages: ['fa'], timeZone: 'Asia/Tehran', callingCode: '98' },
  IQ: { names: 'arabic', languages: ['ar', 'ku'], timeZone: 'Asia/Baghdad', callingCode: '964' },
  IL: { names: 'hebrew', languages: ['he', 'ru'], timeZone: 'Asia/Jerusalem', callingCode: '972' },
  JO: { names: 'arabic', languages: ['ar'], timeZone: 'Asia/Amman', callingCode: '962' },
  KZ: {
    names: 'cyrillic',
    languages: ['kk', 'ru'],
    timeZone: 'Asia/Almaty',
    callingCode: '7',
  },
  KW: { names: 'arabic', languages: ['ar'], timeZone: 'Asia/Kuwait', callingCode: '965' },
  KG: {
    names: 'cyrillic',
    languages: ['ky', 'ru'],
    timeZone: 'Asia/Bishkek',
    callingCode: '996',
  },
  MN: {
    names: 'mongolian',
    languages: ['mn', 'ru'],
    timeZone: 'Asia/Ulaanbaatar',
    callingCode: '976',
  },
  PK: { names: 'southAsian', languages: ['ur'], timeZone: 'Asia/Karachi', callingCode: '92' },
  PS: { names: 'arabic', languages: ['ar'], timeZone: 'Asia/Hebron', callingCode: '970' },
  QA: { names: 'arabic', languages: ['ar'], timeZone: 'Asia/Qatar', callingCode: '974' },
  KR: { names: 'eastAsian', languages: ['ko'], timeZone: 'Asia/Seoul', callingCode: '82' },
  RU: {
    names: 'cyrillic',
    languages: ['ru'],
    timeZone: 'Europe/Moscow',
    callingCode: '7',
  },
  LK: { names: 'southAsian', languages: ['si', 'ta'], timeZone: 'Asia/Colombo', callingCode: '94' },
  TJ: {
    names: 'cyrillic',
    languages: ['tg', 'ru'],
    timeZone: 'Asia/Dushanbe',
    callingCode: '992',
  },
  TH: { names: 'southeastAsian', languages: ['th'], timeZone: 'Asia/Bangkok', callingCode: '66' },
  TR: { names: 'turkic', languages: ['tr'], timeZone: 'Europe/Istanbul', callingCode: '90' },
  AE: { names: 'arabic', languages: ['ar'], timeZone: 'Asia/Dubai', callingCode: '971' },
  UZ: {
    names: 'turkic',
    languages: ['uz', 'ru'],
    timeZone: 'Asia/Tashkent',
    callingCode: '998',
  },
  VN: {
    names: 'southeastAsian',
    languages: ['vi'],
    timeZone: 'Asia/Ho_Chi_Minh',
    callingCode: '84',
  },
};

export const DEFAULT_PROFILE: SyntheticStateProfile = {
  names: 'southAsian',
  languages: [],
  timeZone: 'UTC',
  callingCode: '800',
};
