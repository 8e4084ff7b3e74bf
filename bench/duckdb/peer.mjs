// The DuckDB peer of bench/customs_bench.sh: the export statistics of a few periods and
// products over the same declarations CSV aidledger imports. Two ways: read_csv per query
// (DuckDB straight over the file), and over a table loaded once from it (load time apart).
//   node peer.mjs FILE.csv '[{"from": "2020-03-01", "to": "2020-03-31", "hs": "6307.90"}, ...]'
// Prints one JSON object per line. DuckDB cannot judge clearance: its sums are over every
// declaration of the product and period (aidledger's are over cleared ones).
import { DuckDBInstance } from '@duckdb/node-api';

const [csv, queriesText, runsText] = process.argv.slice(2);
const queries = JSON.parse(queriesText);
const runs = Number(runsText ?? 5);
const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const con = await instance.connect();
const source = `read_csv('${csv.replaceAll("'", "''")}', header = true,
    types = {'id': 'VARCHAR', 'hs_code': 'VARCHAR', 'item': 'VARCHAR', 'unit': 'VARCHAR'})`;

function sql(from, q) {
  return `SELECT "value.currency" AS currency, count(*) AS n, sum(quantity) AS quantity,
      sum(value) AS value FROM ${from}
      WHERE declared_on BETWEEN DATE '${q.from}' AND DATE '${q.to}' AND hs_code = '${q.hs}'
      GROUP BY 1 ORDER BY 1`;
}

async function time(text) {
  const start = process.hrtime.bigint();
  const reader = await con.runAndReadAll(text);
  const rows = reader.getRowsJS();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, rows };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

for (const q of queries) {
  const t = await time(sql(source, q));
  console.log(JSON.stringify({ mode: 'read_csv', ...q, ms: t.ms,
    declarations: t.rows.reduce((a, r) => a + Number(r[1]), 0) }));
}
const load = await time(`CREATE TABLE d AS SELECT * FROM ${source}`);
console.log(JSON.stringify({ mode: 'load', ms: load.ms }));
for (const q of queries) {
  const times = [];
  let rows = [];
  for (let i = 0; i < runs; ++i) {
    const t = await time(sql('d', q));
    times.push(t.ms);
    rows = t.rows;
  }
  console.log(JSON.stringify({ mode: 'table', ...q, ms: median(times),
    declarations: rows.reduce((a, r) => a + Number(r[1]), 0) }));
}
