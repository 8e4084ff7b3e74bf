// The dashboard's budget (issue 6, docs/benchmarks.md): JavaScript + CSS + map data under
// 400 KB gzipped, and a cold load on localhost interactive within 1.5 s.
//
//   node bench/web_budget.mjs [--bin build/dev/cli/aidledger] [--runs 5] [--sizes-only]
//
// Sizes: every file of web/dist/assets gzipped at level 9 (what the server sends: it serves
// the .gz files `npm run build` writes). --sizes-only (the CTest test web.size_budget) exits 1
// above the budget and measures no time.
// Load: a demo ledger served by `aidledger serve` on loopback, Debian's chromium (headless,
// a new profile each run, so nothing is cached), and the page's own timing:
// domInteractive, domContentLoaded, load, and the moments the headline figures (the teams
// figure's value) and the map's countries enter the page (a MutationObserver installed
// before the page's own scripts), all from navigation start. Median of --runs.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(repo, 'web', 'dist');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const kBudgetBytes = 400 * 1024;

function sizes() {
  const assets = join(dist, 'assets');
  if (!existsSync(assets)) {
    console.error(`web_budget: ${assets} is missing: make web`);
    process.exit(1);
  }
  const rows = [];
  for (const name of readdirSync(assets)) {
    if (name.endsWith('.gz')) continue;
    const bytes = readFileSync(join(assets, name));
    const kind = name.endsWith('.js') ? 'js' : name.endsWith('.css') ? 'css' : name.endsWith('.json') ? 'map data' : 'other';
    rows.push({ name, kind, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
  }
  return rows;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

async function load(runs) {
  const { startServer, launchBrowser } = await import('../web/e2e/run.mjs');
  const bin = resolve(opt('--bin', join(repo, 'build/dev/cli/aidledger')));
  const work = mkdtempSync(join(tmpdir(), 'aidledger-budget-'));
  const db = join(work, 'ledger.db');
  for (const a of [['init'], ['load-demo']]) {
    const r = spawnSync(bin, ['--db', db, ...a], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
  }
  process.env.AIDLEDGER_BIN = bin;
  const server = await startServer(db);
  const samples = [];
  try {
    for (let i = 0; i < runs; i += 1) {
      const browser = await launchBrowser();
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
      // The moments the figures and the map enter the page, seen from inside it.
      await context.addInitScript(() => {
        new MutationObserver(() => {
          if (!window.__figuresAt && document.querySelector('[data-metric="teams.sent"] .value')) {
            window.__figuresAt = performance.now();
          }
          if (!window.__mapAt && document.querySelector('.map svg path.country')) {
            window.__mapAt = performance.now();
          }
        }).observe(document, { subtree: true, childList: true });
      });
      const page = await context.newPage();
      const url = `http://127.0.0.1:${server.port}/?as_of=2020-04-09`;
      await page.goto(url);
      await page.waitForFunction(() => window.__figuresAt && window.__mapAt);
      const t = await page.evaluate(() => {
        const n = performance.getEntriesByType('navigation')[0];
        return {
          interactive: n.domInteractive,
          domContentLoaded: n.domContentLoadedEventEnd,
          load: n.loadEventEnd,
          figures: window.__figuresAt,
          map: window.__mapAt,
        };
      });
      samples.push(t);
      await browser.close();
    }
  } finally {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
  const out = {};
  for (const k of Object.keys(samples[0])) out[k] = Math.round(median(samples.map((s) => s[k])));
  return out;
}

const rows = sizes();
let total = 0;
for (const r of rows) {
  if (r.kind === 'other') continue;
  total += r.gzip;
  console.log(`${r.kind.padEnd(9)} ${r.name.padEnd(36)} ${String(r.raw).padStart(9)} B raw ${String(r.gzip).padStart(8)} B gzip`);
}
console.log(`total JS + CSS + map data, gzipped: ${total} B (${(total / 1024).toFixed(1)} KB; budget ${kBudgetBytes / 1024} KB)`);
if (total > kBudgetBytes) {
  console.error('web_budget: over the budget');
  process.exit(1);
}
if (!args.includes('--sizes-only')) {
  const runs = Number(opt('--runs', '5'));
  const t = await load(runs);
  console.log(`cold load on localhost, median of ${runs} (ms from navigation start):`);
  console.log(`  domInteractive ${t.interactive}, DOMContentLoaded ${t.domContentLoaded}, load ${t.load}`);
  console.log(`  headline figures on screen ${t.figures}, map drawn ${t.map}`);
}
