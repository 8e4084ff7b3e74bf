// Writes two tables into src/generated/ (built, not committed), from Debian's iso-codes
// package (the same source `aidledger init` uses):
// - countries.json: ISO 3166-1 numeric code -> alpha-2, so that the map's world-atlas features
//   (keyed by numeric code) meet the ledger's parties (keyed by alpha-2);
// - country-names.json: for the forms' country pickers, one row per country
//   [alpha-2, alpha-3, English name, Chinese name (zh_CN), other English names...], the
//   Chinese names from the gettext catalogue iso_3166-1.mo.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const source = process.env.ISO_CODES_JSON || '/usr/share/iso-codes/json/iso_3166-1.json';
const zhCatalogue = process.env.ISO_CODES_ZH_MO || '/usr/share/locale/zh_CN/LC_MESSAGES/iso_3166-1.mo';
let table;
let zh;
try {
  table = JSON.parse(readFileSync(source, 'utf8'))['3166-1'];
} catch (e) {
  console.error(`countries.mjs: cannot read ${source} (apt-get install iso-codes): ${e.message}`);
  process.exit(1);
}
try {
  zh = readMo(readFileSync(zhCatalogue));
} catch (e) {
  console.error(`countries.mjs: cannot read ${zhCatalogue} (apt-get install iso-codes): ${e.message}`);
  process.exit(1);
}

// A GNU gettext .mo file as a Map msgid -> msgstr. The layout: a magic number (0x950412de, in
// the writer's byte order, which tells the order of every other number), a revision, the
// number of strings N, then the offsets of two tables of N (length, offset) pairs: the
// original strings and their translations. Entries with plural forms or a context keep only
// their first form; the header (empty msgid) is left out.
function readMo(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let little;
  if (view.getUint32(0, true) === 0x950412de) little = true;
  else if (view.getUint32(0, false) === 0x950412de) little = false;
  else throw new Error('not a gettext .mo file (bad magic number)');
  const u32 = (at) => view.getUint32(at, little);
  const count = u32(8);
  const originals = u32(12);
  const translations = u32(16);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const text = (table, i) => {
    const length = u32(table + 8 * i);
    const offset = u32(table + 8 * i + 4);
    if (offset + length > bytes.length) throw new Error(`string ${i} runs past the end of the file`);
    return decoder.decode(bytes.subarray(offset, offset + length)).split('\0')[0];
  };
  const out = new Map();
  for (let i = 0; i < count; i += 1) {
    const id = text(originals, i);
    if (id) out.set(id.split('\x04').pop(), text(translations, i));
  }
  return out;
}

const byNumeric = {};
const names = [];
let translated = 0;
for (const c of table) {
  byNumeric[c.numeric] = c.alpha_2;
  const english = c.common_name || c.name;
  const chinese = zh.get(c.common_name) || zh.get(c.name) || '';
  if (chinese) translated += 1;
  const others = [c.name, c.official_name].filter((n) => n && n !== english);
  names.push([c.alpha_2, c.alpha_3, english, chinese, ...new Set(others)]);
}
names.sort((a, b) => a[2].localeCompare(b[2], 'en'));
const out = join(here, '..', 'src', 'generated');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'countries.json'), JSON.stringify(byNumeric) + '\n');
writeFileSync(join(out, 'country-names.json'), JSON.stringify(names) + '\n');
console.log(`countries.mjs: ${Object.keys(byNumeric).length} countries, ${translated} with a Chinese name`);
