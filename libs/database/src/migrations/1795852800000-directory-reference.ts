import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Member states and networks, with the seed roster copied from the
 * conference's published membership (28 member states, ISO 3166-1 alpha-2) and
 * the four priority areas of the Action Plan. Inlined so the migration never
 * changes meaning after it has run.
 */
const MEMBER_STATES: [code: string, nameEn: string, nameRu: string][] = [
  ['AF', 'Afghanistan', 'Афганистан'],
  ['AZ', 'Azerbaijan', 'Азербайджан'],
  ['BH', 'Bahrain', 'Бахрейн'],
  ['BD', 'Bangladesh', 'Бангладеш'],
  ['KH', 'Cambodia', 'Камбоджа'],
  ['CN', 'China', 'Китай'],
  ['EG', 'Egypt', 'Египет'],
  ['IN', 'India', 'Индия'],
  ['IR', 'Iran', 'Иран'],
  ['IQ', 'Iraq', 'Ирак'],
  ['IL', 'Israel', 'Израиль'],
  ['JO', 'Jordan', 'Иордания'],
  ['KZ', 'Kazakhstan', 'Казахстан'],
  ['KW', 'Kuwait', 'Кувейт'],
  ['KG', 'Kyrgyzstan', 'Кыргызстан'],
  ['MN', 'Mongolia', 'Монголия'],
  ['PK', 'Pakistan', 'Пакистан'],
  ['PS', 'Palestine', 'Палестина'],
  ['QA', 'Qatar', 'Катар'],
  ['KR', 'Republic of Korea', 'Республика Корея'],
  ['RU', 'Russian Federation', 'Российская Федерация'],
  ['LK', 'Sri Lanka', 'Шри-Ланка'],
  ['TJ', 'Tajikistan', 'Таджикистан'],
  ['TH', 'Thailand', 'Таиланд'],
  ['TR', 'Türkiye', 'Турция'],
  ['AE', 'United Arab Emirates', 'Объединённые Арабские Эмираты'],
  ['UZ', 'Uzbekistan', 'Узбекистан'],
  ['VN', 'Viet Nam', 'Вьетнам'],
];

const NETWORKS: [key: string, nameEn: string, nameRu: string][] = [
  ['border-control', 'Border Control and Management', 'Пограничный контроль и управление'],
  ['law-enforcement', 'Law Enforcement', 'Правоохранительная деятельность'],
  ['economic-crimes', 'Fighting Economic Crimes', 'Борьба с экономическими преступлениями'],
  [
    'wmd-nonproliferation',
    'Preventing Proliferation of Weapons of Mass Destruction',
    'Предотвращение распространения оружия массового уничтожения',
  ],
];

export class DirectoryReference1795852800000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."membership" AS ENUM('member', 'observer')`);
    await queryRunner.query(
      `CREATE TABLE "member_state" ("code" character(2) NOT NULL, "name_en" character varying(200) NOT NULL, "name_ru" character varying(200) NOT NULL, "membership" "public"."membership" NOT NULL DEFAULT 'member', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b6b12f33d9b8fbe37ed19f7d2ce" PRIMARY KEY ("code"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "network" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" character varying(64) NOT NULL, "name_en" character varying(200) NOT NULL, "name_ru" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8f8264c2d37cbbd8282ee9a3c97" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "network_key_unique" ON "network" ("key")`);
    await queryRunner.query(
      `INSERT INTO "member_state" ("code", "name_en", "name_ru")
       SELECT * FROM unnest($1::char(2)[], $2::varchar[], $3::varchar[])
       ON CONFLICT ("code") DO NOTHING`,
      transpose(MEMBER_STATES),
    );
    await queryRunner.query(
      `INSERT INTO "network" ("key", "name_en", "name_ru")
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[])
       ON CONFLICT ("key") DO NOTHING`,
      transpose(NETWORKS),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "network"`);
    await queryRunner.query(`DROP TABLE "member_state"`);
    await queryRunner.query(`DROP TYPE "public"."membership"`);
  }
}

function transpose(rows: string[][]): string[][] {
  return rows[0].map((_, column) => rows.map((row) => row[column]));
}
