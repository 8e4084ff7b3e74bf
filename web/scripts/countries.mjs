// Writes src/generated/countries.json: ISO 3166-1 numeric code -> alpha-2, from Debian's
// iso-codes package (the same source `aidledger init` uses), so that the map's world-atlas
// features (keyed by numeric code) meet the ledger's parties (keyed by alpha-2).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const source = process.env.ISO_CODES_JSON || '/usr/share/iso-codes/json/iso_3166-1.json';
let table;
try {
  table = JSON.parse(readFileSync(source, 'utf8'))['3166-1'];
} catch (e) {
  console.error(`countries.mjs: cannot read ${source} (apt-get install iso-codes): ${e.message}`);
  process.exit(1);
}
const byNumeric = {};
for (const c of table) byNumeric[c.numeric] = c.alpha_2;
const out = join(here, '..', 'src', 'generated');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'countries.json'), JSON.stringify(byNumeric) + '\n');
console.log(`countries.mjs: ${Object.keys(byNumeric).length} countries`);
