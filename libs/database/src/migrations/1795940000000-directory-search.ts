import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A frozen copy of the directory's search mapping (SEARCH_CHARACTER_MAP in
 * libs/directory/src/reading/search-text.ts, built from the `transliteration`
 * package) as it was when this migration was written, grouped by what the
 * characters become. Letters A–Z become lower case; characters not listed stay.
 * A test checks that the application's mapping still agrees with this one.
 */
const BECOMES: Readonly<Record<string, string>> = {
  '': '\u0027`"\u00b4ʻʼ\u2018\u2019\u00a8\u00adЪЬъь\u0483\u0484\u0485\u0486\u0487ҊҋҌҍӀӅӆӉӊӍӎӏӶӷӺӻӼӽӾӿẜẝẞẟỺỻỼỽỾỿ',
  ' ': '\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f !#$%&()*+,-./:;<=>?@[\u005c]^_{|}~\u007f\u2010\u2011\u2012\u2013\u2014\u2015\u00a0\u00a1\u00a6\u00ac\u00af\u00b7\u00b8\u00bf\u00f7ǀǃǝɁɂ',
  '  ': '\u00a4\u00ab\u00b1\u00bbǁǂ',
  ' 1 000 000 ': '\u0489',
  ' 100 000 ': '\u0488',
  ' 1000 ': '\u0482',
  ' c ': '\u00a9',
  ' r ': '\u00ae',
  '1': '\u00b9',
  '1 2': '\u00bd',
  '1 4': '\u00bc',
  '2': '\u00b2Ƨƨƻ',
  '3': '\u00b3Ǝ',
  '3 4': '\u00be',
  '5': 'Ƽƽ',
  '6': 'Ƅƅ',
  a: 'ªÀÁÂÃÄÅàáâãäåĀāĂăĄąƏǍǎǞǟǠǡǺǻȀȁȂȃȦȧȺəАаӐӑӒӓӘәӚӛḀḁẚẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặ',
  ae: 'ÆæǢǣǼǽӔӕ',
  b: 'ƀƁƂƃɃБбḂḃḄḅḆḇ',
  c: 'ÇçĆćĈĉĊċČčƇƈȻȼḈḉ',
  'c ': '\u00a2',
  ch: 'ЧчҶҷҸҹҼҽҾҿӋӌӴӵ',
  d: 'ÐðĎďĐđƉƊƋƌƍǲȡДдḊḋḌḍḎḏḐḑḒḓ',
  db: 'ȸ',
  deg: '\u00b0',
  dj: 'Ђђ',
  dz: 'ǄǅǆǱǳЅѕӠӡ',
  dzh: 'Џџ',
  e: 'ÈÉÊËèéêëĒēĔĕĖėĘęĚěƐȄȅȆȇȨȩɆɇЕЭеэѢѣѦѧӬӭḔḕḖḗḘḙḚḛḜḝẸẹẺẻẼẽẾếỀềỂểỄễỆệ',
  f: 'ƑƒФфѲѳḞḟ',
  g: 'ĜĝĞğĠġĢģƓƔǤǥǦǧǴǵГгҐґҒғҔҕḠḡ',
  gj: 'Ѓѓ',
  h: 'ĤĥĦħȞȟҺһḢḣḤḥḦḧḨḩḪḫẖ',
  hv: 'ƕǶ',
  i: 'ÌÍÎÏìíîïĨĩĪīĬĭĮįİıƖƗǏǐȈȉȊȋІЍИиіѝӢӣӤӥḬḭḮḯỈỉỊị',
  ie: 'ЄєѤѥѨѩӖӗ',
  ij: 'Ĳĳ',
  io: 'Ѭѭ',
  j: 'ĴĵǰȷɈɉЈј',
  je: 'ѐ',
  jo: 'Ѐ',
  k: 'ĶķĸƘƙǨǩКкҚқҜҝҞҟҠҡӃӄḰḱḲḳḴḵ',
  kh: 'ХхҨҩҲҳ',
  kj: 'Ќќ',
  ks: 'Ѯѯ',
  l: 'ĹĺĻļĽľĿŀŁłƚƛȴȽЛлḶḷḸḹḺḻḼḽ',
  lj: 'ǇǈǉЉљ',
  m: 'МмḾḿṀṁṂṃ',
  n: 'ÑñŃńŅņŇňŉƝƞǸǹȠȵНнҢңӇӈṄṅṆṇṈṉṊṋ',
  ng: 'ŊŋҤҥ',
  nj: 'ǊǋǌЊњ',
  o: 'ºÒÓÔÕÖØòóôõöøŌōŎŏŐőƆƟƠơǑǒǪǫǬǭǾǿȌȍȎȏȪȫȬȭȮȯȰȱОоѠѡѪѫѺѻѼѽӦӧӨөӪӫṌṍṎṏṐṑṒṓỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợ',
  oe: 'Œœ',
  oi: 'Ƣƣ',
  ot: 'Ѿѿ',
  ou: 'Ȣȣ',
  p: '\u00b6ƤƥПпҦҧṔṕṖṗ',
  ps: '\u00a3Ѱѱ',
  q: 'ɊɋҀҁ',
  qp: 'ȹ',
  r: 'ŔŕŖŗŘřȐȑȒȓɌɍРрҎҏṘṙṚṛṜṝṞṟ',
  s: 'ŚśŜŝŞşŠšſȘșȿСсҪҫṠṡṢṣṤṥṦṧṨṩẛ',
  sh: 'ƩƪШш',
  shch: 'Щщ',
  ss: '\u00a7ß',
  t: 'ŢţŤťŦŧƫƬƭƮȚțȶȾТтҬҭṪṫṬṭṮṯṰṱẗ',
  th: 'Þþ',
  ts: 'ƾЦц',
  tsh: 'Ћћ',
  tts: 'Ҵҵ',
  u: 'µÙÚÛÜÝùúûüŨũŪūŬŭŮůŰűŲųƯưǓǔǕǖǗǘǙǚǛǜȔȕȖȗɄЎУуўѸѹҮүҰұӮӯӰӱӲӳṲṳṴṵṶṷṸṹṺṻỤụỦủỨứỪừỬửỮữỰự',
  v: 'ƲɅВвṼṽṾṿ',
  w: 'ŴŵƜƿǷẀẁẂẃẄẅẆẇẈẉẘ',
  x: '\u00d7ẊẋẌẍ',
  y: 'ýÿŶŷŸƱƳƴȜȝȲȳɎɏЙЫйыѴѵѶѷӸӹẎẏẙỲỳỴỵỶỷỸỹ',
  'y ': '\u00a5',
  ya: 'Яя',
  yi: 'Її',
  yo: 'Ёё',
  yr: 'Ʀ',
  yu: 'Юю',
  z: 'ŹźŻżŽžƵƶȤȥɀЗзҘҙӞӟẐẑẒẓẔẕ',
  zh: 'ƷƸƹƺǮǯЖжҖҗӁӂӜӝ',
};

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

const LOWER = 'abcdefghijklmnopqrstuvwxyz';

/** Characters most names are written in: ASCII, and the Russian alphabet. */
function isCommon(ch: string): boolean {
  const code = ch.codePointAt(0)!;
  return code < 0x80 || ch === 'Ё' || ch === 'ё' || (code >= 0x0410 && code <= 0x044f);
}

/** `replace` for characters that become several, one `translate` for the rest (or removal). */
function mapping(
  input: string,
  characters: (ch: string) => boolean,
  lead: { from: string; to: string } = { from: '', to: '' },
): string {
  let expression = input;
  let { from, to } = lead;
  let removed = '';
  for (const [becomes, all] of Object.entries(BECOMES)) {
    for (const ch of [...all].filter(characters)) {
      if (becomes.length > 1)
        expression = `replace(${expression}, ${literal(ch)}, ${literal(becomes)})`;
      else if (becomes.length === 1) {
        from += ch;
        to += becomes;
      } else removed += ch;
    }
  }
  // translate() drops the characters of `from` that have no counterpart in `to`.
  return `translate(${expression}, ${literal(from + removed)}, ${literal(to)})`;
}

/**
 * The mapping as one SQL expression over `input`, built-in string functions
 * only (inlinable, cheap enough for every write). translate() looks characters
 * up one by one, so the common ones come first — lower-case Latin and digits
 * map to themselves — and the rarer ones (accented Latin, the Cyrillic letters
 * of other languages) are only looked up when the text has any.
 */
function normalizeExpression(): string {
  const rare = mapping('input', (ch) => !isCommon(ch));
  const common = mapping(
    `CASE WHEN input ~ '[^\\x01-\\x7fЁА-яё]' THEN ${rare} ELSE input END`,
    isCommon,
    { from: `${LOWER} 0123456789${LOWER.toUpperCase()}`, to: `${LOWER} 0123456789${LOWER}` },
  );
  return `btrim(regexp_replace(${common}, ' {2,}', ' ', 'g'), ' ')`;
}

/**
 * Reading the roster fast: a normalised search column kept by the database
 * (Latin and Cyrillic alike, "Ivanov" finds "Иванов"), a trigram index on it,
 * and indexes for the filters and the page order (full name, then id).
 */
export class DirectorySearch1795940000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    // A trusted extension: the database owner creates it without a superuser.
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(
      `CREATE FUNCTION directory_search_normalize(input text) RETURNS text
       LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
       RETURN ${normalizeExpression()}`,
    );
    await queryRunner.query(`ALTER TABLE "focal_point" ADD "search_text" text`);
    // Whoever writes an entry (an approved proposal, a correction, the synthetic
    // generator, a test), its search text follows its name, title and authority.
    await queryRunner.query(
      `CREATE FUNCTION focal_point_search_text_refresh() RETURNS trigger
       LANGUAGE plpgsql AS $fn$
       BEGIN
         SELECT directory_search_normalize(concat_ws(' ', NEW.full_name, NEW.title, a.name_en, a.name_ru))
           INTO NEW.search_text
           FROM authority a WHERE a.id = NEW.authority_id;
         IF NOT FOUND THEN
           NEW.search_text := directory_search_normalize(concat_ws(' ', NEW.full_name, NEW.title));
         END IF;
         RETURN NEW;
       END
       $fn$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER focal_point_search_text
       BEFORE INSERT OR UPDATE OF full_name, title, authority_id, search_text ON "focal_point"
       FOR EACH ROW EXECUTE FUNCTION focal_point_search_text_refresh()`,
    );
    await queryRunner.query(
      `CREATE FUNCTION authority_search_text_refresh() RETURNS trigger
       LANGUAGE plpgsql AS $fn$
       BEGIN
         UPDATE focal_point SET search_text = NULL WHERE authority_id = NEW.id;
         RETURN NULL;
       END
       $fn$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER authority_search_text
       AFTER UPDATE OF name_en, name_ru ON "authority"
       FOR EACH ROW
       WHEN (OLD.name_en IS DISTINCT FROM NEW.name_en OR OLD.name_ru IS DISTINCT FROM NEW.name_ru)
       EXECUTE FUNCTION authority_search_text_refresh()`,
    );
    await queryRunner.query(`UPDATE "focal_point" SET "search_text" = NULL`);
    await queryRunner.query(`ALTER TABLE "focal_point" ALTER COLUMN "search_text" SET NOT NULL`);
    // fastupdate off: a GIN index's pending list (rows written since the last
    // vacuum) is read row by row and makes the planner shun the index until
    // autovacuum runs — after a bulk load, searches would scan the table. The
    // roster is read far more than written, so writes pay instead.
    await queryRunner.query(
      `CREATE INDEX "focal_point_search_text_trgm_idx" ON "focal_point" USING gin ("search_text" gin_trgm_ops) WITH (fastupdate = off)`,
    );
    await queryRunner.query(
      `CREATE INDEX "focal_point_languages_idx" ON "focal_point" USING gin ("languages") WITH (fastupdate = off)`,
    );
    await queryRunner.query(
      `CREATE INDEX "focal_point_name_order_idx" ON "focal_point" ("full_name", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "focal_point_state_name_order_idx" ON "focal_point" ("member_state_code", "full_name", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "focal_point_status_name_order_idx" ON "focal_point" ("status", "full_name", "id") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."focal_point_status_name_order_idx"`);
    await queryRunner.query(`DROP INDEX "public"."focal_point_state_name_order_idx"`);
    await queryRunner.query(`DROP INDEX "public"."focal_point_name_order_idx"`);
    await queryRunner.query(`DROP INDEX "public"."focal_point_languages_idx"`);
    await queryRunner.query(`DROP INDEX "public"."focal_point_search_text_trgm_idx"`);
    await queryRunner.query(`DROP TRIGGER authority_search_text ON "authority"`);
    await queryRunner.query(`DROP TRIGGER focal_point_search_text ON "focal_point"`);
    await queryRunner.query(`DROP FUNCTION authority_search_text_refresh()`);
    await queryRunner.query(`DROP FUNCTION focal_point_search_text_refresh()`);
    await queryRunner.query(`ALTER TABLE "focal_point" DROP COLUMN "search_text"`);
    await queryRunner.query(`DROP FUNCTION directory_search_normalize(text)`);
    await queryRunner.query(`DROP EXTENSION IF EXISTS pg_trgm`);
  }
}
