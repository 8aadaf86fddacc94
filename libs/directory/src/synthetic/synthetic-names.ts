/**
 * Name pools for synthetic focal points: plausible, not real people. Cyrillic
 * pools give both a male and a female surname form; Latin pools as written in
 * passports of the region (with their diacritics: Vietnamese, Turkish, Azerbaijani).
 */
export interface NamePool {
  given: readonly string[];
  surnames: readonly string[];
  /** Surname first ("Иванов Иван"), as the region writes names in lists. */
  surnameFirst: boolean;
  /** Given names of women, where the surname then takes a feminine form. */
  femaleGiven?: readonly string[];
}

/** Russian-style surnames take -а for a woman: Иванов → Иванова. */
export const feminine = (surname: string) =>
  /(ов|ев|ин)$/.test(surname) ? `${surname}а` : surname;

const words = (text: string) => text.trim().split(/\s+/);
/** Words joined by `_` are one item: "Head_of_Division" is "Head of Division". */
const phrases = (text: string) => words(text).map((item) => item.replace(/_/g, ' '));

export const NAME_POOLS = {
  cyrillic: {
    given: words(
      'Иван Алексей Сергей Дмитрий Нурлан Ерлан Асхат Бахтиёр Азамат Тимур Руслан Бакыт Алмаз Фаррух Рустам Қасым',
    ),
    femaleGiven: words('Анна Мария Айгерим Гульнара Динара Елена Жанна Асель Нигора Зарина Әлия'),
    surnames: words(
      'Иванов Петров Смирнов Кузнецов Нурланов Ахметов Каримов Рахимов Сулейменов Жумабаев Абдуллаев ' +
        'Исмаилов Назаров Юсупов Хасанов Турсунов Садыков Омаров Бекмуратов Токтогулов Шарипов Мирзоев Цой Щербаков',
    ),
    surnameFirst: true,
  },
  mongolian: {
    given: words(
      'Батбаяр Ганбаатар Энхбаяр Мөнхбат Оюунчимэг Сарангэрэл Төмөр Болормаа Гэрэлт Нарантуяа',
    ),
    surnames: words('Бат Дорж Эрдэнэ Сүх Ганбат Пүрэв Очир Баатар Жаргал Цэрэн'),
    surnameFirst: true,
  },
  turkic: {
    given: words(
      'Elnur Rəşad Leyla Aysel Mehmet Ahmet Ayşe Fatma Jasur Dilnoza Emre Zeynep Oğuz Gülnar',
    ),
    surnames: words(
      'Məmmədov Əliyev Həsənov Yılmaz Kaya Demir Şahin Çelik Öztürk Karimov Yusupova Ergashev Toshmatov Aydın',
    ),
    surnameFirst: false,
  },
  arabic: {
    given: words('Ahmed Mohammed Omar Khalid Fatima Layla Mariam Yousef Hassan Noor Salma Tariq'),
    surnames: words(
      'Al-Hassan Al-Sabah Mansour Haddad Khalil Nasser Saleh Youssef Al-Thani Al-Khalifa Darwish',
    ),
    surnameFirst: false,
  },
  southAsian: {
    given: words(
      'Arjun Priya Rahul Ayesha Imran Nadia Kasun Nimal Farhan Sadia Ravi Anjali Wahid Zarghuna',
    ),
    surnames: words(
      'Khan Ahmed Rahman Singh Sharma Patel Perera Fernando Hossain Karimi Ahmadzai Chowdhury Iyer',
    ),
    surnameFirst: false,
  },
  persian: {
    given: words('Ali Reza Zahra Maryam Hossein Sara Mehdi Fatemeh Amir Narges'),
    surnames: words('Hosseini Mohammadi Rezaei Karimi Ahmadi Jafari Moradi Rahimi Ghasemi'),
    surnameFirst: false,
  },
  eastAsian: {
    given: words('Wei Jing Hao Min-jun Seo-yeon Ji-ho Xiaoling Jun Hye-jin Yong'),
    surnames: words('Wang Li Zhang Chen Liu Kim Lee Park Choi Jung Zhao Yang'),
    surnameFirst: true,
  },
  southeastAsian: {
    given: [
      'Văn Thắng',
      'Thị Lan',
      'Đức Anh',
      'Thu Hà',
      'Dara',
      'Sophea',
      'Vannak',
      'Anong',
      'Somchai',
      'Malai',
    ],
    surnames: words('Nguyễn Trần Lê Phạm Sok Chan Srey Suksawat Chaiyaporn Rattanakosin Hoàng'),
    surnameFirst: true,
  },
  hebrew: {
    given: words('David Noa Yael Amit Tamar Eitan Michal Yossi'),
    surnames: words('Cohen Levi Mizrahi Peretz Biton Friedman Avraham'),
    surnameFirst: false,
  },
} satisfies Record<string, NamePool>;

export type NamePoolKey = keyof typeof NAME_POOLS;

/** Job titles in English and Russian (the roster's two languages). */
export const TITLES = {
  en: phrases(
    'Head_of_Division Senior_Inspector Deputy_Director Chief_Specialist Liaison_Officer Duty_Officer Senior_Analyst Head_of_International_Cooperation',
  ),
  ru: phrases(
    'Начальник_отдела Старший_инспектор Заместитель_директора Главный_специалист Офицер_связи Дежурный_офицер Старший_аналитик Начальник_управления_международного_сотрудничества',
  ),
};
