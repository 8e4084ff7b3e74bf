// End-to-end tests of the dashboard (issue 6): a temporary demo ledger, `aidledger serve` on a
// free loopback port, and Debian's chromium (never a downloaded browser) driven by
// playwright-core. Screenshots of every page go to OUT (build/dev/e2e-screenshots by default).
//
//   node e2e/run.mjs --bin build/dev/cli/aidledger [--out DIR] [--only NAME]
//
// Exit status 0 when every test passed, 1 otherwise; a missing chromium is a failure (the
// Makefile installs it), never a skip. The server is stopped by its PID when the tests end,
// fail, time out or are interrupted, and cannot outlive kServerLifetimeMs in any case (it runs
// under coreutils' timeout).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const webDir = resolve(here, '..');
const repo = resolve(webDir, '..');

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const BIN = resolve(opt('--bin', process.env.AIDLEDGER_BIN || join(repo, 'build/dev/cli/aidledger')));
const OUT = resolve(opt('--out', join(repo, 'build/dev/e2e-screenshots')));
const ONLY = opt('--only', '');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const DIST = join(webDir, 'dist');
const kServerLifetimeMs = 10 * 60 * 1000;
const kWaitMs = 20000;
const EDITOR = { name: 'edna', password: 'correct horse battery' };

// Flags that keep chromium from calling home: no background networking, updates, sync,
// translation, safe-browsing lists or metrics uploads.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication,CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions',
  '--disable-client-side-phishing-detection',
  '--disable-domain-reliability',
  '--safebrowsing-disable-auto-update',
  '--metrics-recording-only',
  '--disable-breakpad',
  '--disable-dev-shm-usage',
  '--password-store=basic',
  '--use-mock-keychain',
];

function fail(message) {
  console.error(`e2e: ${message}`);
  process.exit(1);
}

function cli(db, cliArgs, input) {
  const r = spawnSync(BIN, ['--db', db, ...cliArgs], { input, encoding: 'utf8', timeout: 60000 });
  if (r.status !== 0) throw new Error(`aidledger ${cliArgs.join(' ')}: ${r.stderr || r.error}`);
  return r.stdout;
}

// `aidledger serve` on port 0; resolves {port, stop} once it prints its URL.
export function startServer(db, { publicResources = 'health,figures,briefing,claims,profile,records' } = {}) {
  return new Promise((resolvePromise, reject) => {
    // coreutils' timeout bounds the server's life even if this process is killed outright;
    // a SIGTERM to it is passed on to the server.
    const child = spawn(
      'timeout',
      ['--kill-after=10', String(kServerLifetimeMs / 1000), BIN,
        '--db', db, 'serve', '--listen', '127.0.0.1:0', '--quiet', '--web-root', DIST,
        '--public', publicResources],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const onSignal = () => {
      stop().then(() => process.exit(1));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    let out = '';
    let err = '';
    const lifetime = setTimeout(() => stop(), kServerLifetimeMs);
    lifetime.unref();
    const stop = () =>
      new Promise((done) => {
        clearTimeout(lifetime);
        process.removeListener('SIGINT', onSignal);
        process.removeListener('SIGTERM', onSignal);
        if (child.exitCode !== null || child.signalCode !== null) return done();
        const kill = setTimeout(() => process.kill(child.pid, 'SIGKILL'), 10000);
        child.once('exit', () => {
          clearTimeout(kill);
          done();
        });
        process.kill(child.pid, 'SIGTERM');
      });
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`the server did not start: ${err}`));
    }, 30000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/serving http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolvePromise({ port: Number(m[1]), pid: child.pid, stop, log: () => err });
      }
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}): ${err}`));
    });
  });
}

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

function expect(cond, message) {
  if (!cond) throw new Error(message);
}

async function main() {
  if (!existsSync(CHROMIUM)) fail(`${CHROMIUM} is missing: apt-get install chromium (make deps does)`);
  if (!existsSync(BIN)) fail(`${BIN} is missing: build it first`);
  if (!existsSync(join(DIST, 'index.html'))) fail(`${DIST} is not built: npm run build`);
  mkdirSync(OUT, { recursive: true });

  const work = mkdtempSync(join(tmpdir(), 'aidledger-e2e-'));
  const db = join(work, 'ledger.db');
  cli(db, ['init']);
  cli(db, ['load-demo']);
  cli(db, ['user', 'add', EDITOR.name, '--role', 'editor', '--password-stdin'], `${EDITOR.password}\n`);

  let server;
  let browser;
  const results = [];
  const offsite = [];
  // The page policy (api/src/static_files.h) must never have to block anything the app does.
  const violations = [];
  try {
    server = await startServer(db);
    const origin = `http://127.0.0.1:${server.port}`;
    browser = await launchBrowser();

    // Each test gets a fresh context; every request any page makes is checked against the
    // server's origin.
    const newPage = async (viewport = { width: 1366, height: 900 }) => {
      const context = await browser.newContext({ viewport, baseURL: origin });
      const page = await context.newPage();
      page.setDefaultTimeout(kWaitMs);
      page.on('request', (req) => {
        const url = req.url();
        if (!url.startsWith(`${origin}/`)) offsite.push(url);
      });
      page.on('pageerror', (e) => console.error(`  page error: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) violations.push(m.text());
      });
      return page;
    };
    const shot = (page, name) => page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
    const signIn = async (page) => {
      await page.goto('/signin');
      await page.getByLabel('User name').fill(EDITOR.name);
      await page.getByLabel('Password', { exact: true }).fill(EDITOR.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('.who').getByText(EDITOR.name).waitFor();
    };
    const teamsValue = (page) => page.locator('[data-metric="teams.sent"] .value').first();

    const tests = [
      ['overview: moving the date from 2020-03-26 to 2020-04-09 takes teams from 7 to 13', async () => {
        const page = await newPage();
        await page.goto('/');
        await page.getByLabel('Provider country').fill('CN');
        await page.getByLabel('Provider country').press('Tab');
        await page.getByLabel('central government').check();
        await page.getByLabel('As of', { exact: true }).fill('2020-03-26');
        await page.waitForFunction(
          () => document.querySelector('[data-metric="teams.sent"] .value')?.textContent === '7',
        );
        expect((await teamsValue(page).textContent()) === '7', 'teams as of 2020-03-26');
        await page.locator('.map svg path.country').first().waitFor();
        await shot(page, 'overview-2020-03-26');
        // The slider, by keyboard: one day a key press.
        const slider = page.getByRole('slider');
        await slider.focus();
        for (let i = 0; i < 14; i += 1) await slider.press('ArrowRight');
        await page.waitForFunction(
          () => document.querySelector('input[name="as_of"]')?.value === '2020-04-09',
        );
        await page.waitForFunction(
          () => document.querySelector('[data-metric="teams.sent"] .value')?.textContent === '13',
        );
        expect((await teamsValue(page).textContent()) === '13', 'teams as of 2020-04-09');
        // The figure opens the records behind it.
        await page.locator('[data-metric="teams.sent"] button').first().click();
        const behind = await page.locator('.behind li').count();
        expect(behind === 13, `13 records behind the teams figure, saw ${behind}`);
        await page.locator('.chart svg').first().waitFor();
        await shot(page, 'overview-2020-04-09');
        await page.setViewportSize({ width: 375, height: 800 });
        await shot(page, 'overview-phone');
      }],
      ['recipient: Italy received three teams, each with its sources', async () => {
        const page = await newPage();
        await page.goto('/recipients');
        await page.getByRole('link', { name: 'Italy', exact: true }).click();
        await page.locator('h1', { hasText: 'Italy' }).waitFor();
        const rows = page.locator('section.received[data-kind="team"] tbody tr');
        await rows.first().waitFor();
        expect((await rows.count()) === 3, `three teams, saw ${await rows.count()}`);
        for (let i = 0; i < 3; i += 1) {
          const quotes = await rows.nth(i).locator('q').count();
          expect(quotes > 0, `team row ${i} has its quoted sources`);
        }
        await page.waitForFunction(() => !document.querySelector('.received small a')?.textContent.startsWith('seed-'));
        await page.locator('.map.small svg path.country').first().waitFor();
        await shot(page, 'recipient-italy');
        // A team's record page: fields, sources with outlet and date, history.
        await rows.first().locator('th a').click();
        await page.getByRole('heading', { name: 'History' }).waitFor();
        await page.locator('.citation').first().waitFor();
        await shot(page, 'record-team');
      }],
      ['editing: an editor adds a team and sees it in the table and in its history', async () => {
        const page = await newPage();
        await signIn(page);
        await page.goto('/records/team/new');
        await page.getByLabel('id (required)', { exact: true }).fill('team-e2e-1');
        await page.getByLabel(/^provider/).fill('cn-gov');
        await page.getByLabel(/^host/).fill('kz');
        await page.getByLabel(/^team_kind/).selectOption('medical_experts');
        await page.getByLabel(/^sent/).fill('2020-04-09');
        await page.getByLabel(/^size/).fill('10');
        await page.getByLabel(/^Reason for this change/).fill('e2e: a team added from the dashboard');
        await shot(page, 'edit-form');
        await page.getByRole('button', { name: 'Add the record' }).click();
        await page.getByRole('heading', { name: 'History' }).waitFor();
        const history = await page.locator('.history').textContent();
        expect(history.includes('created') && history.includes(EDITOR.name), `history names the author: ${history}`);
        expect(history.includes('e2e: a team added from the dashboard'), 'history gives the reason');
        await shot(page, 'record-new-team');
        await page.goto('/records/team?search=team-e2e-1');
        await page.locator('table.data tbody tr').first().waitFor();
        const table = await page.locator('table.data tbody').textContent();
        expect(table.includes('team-e2e-1'), 'the new team is in the table');
        await page.goto('/records/team/team-e2e-1');
        // A new version: what changed, who, why.
        await page.getByRole('link', { name: 'Edit' }).click();
        await page.getByLabel(/^size/).fill('12');
        await page.getByLabel(/^Reason for this change/).fill('e2e: size reported by the embassy');
        await page.getByRole('button', { name: 'Save the new version' }).click();
        await page.getByText('Version 2: changed').waitFor();
        const diff = await page.locator('.history table.diff').last().textContent();
        expect(diff.includes('size') && diff.includes('10') && diff.includes('12'), `the change of size is shown: ${diff}`);
        // Retired with a reason, and kept in the history.
        await page.getByRole('button', { name: 'Retire…' }).click();
        await page.getByLabel(/Why is this record retired/).fill('e2e: a duplicate');
        await page.getByRole('button', { name: 'Retire the record' }).click();
        await page.getByText('Version 3: retired').waitFor();
        expect((await page.locator('.history').textContent()).includes('e2e: a duplicate'), 'the retirement reason');
        await shot(page, 'record-history');
        await page.setViewportSize({ width: 375, height: 800 });
        await page.goto('/records/donation/new');
        await page.getByLabel(/^provider/).waitFor();
        await shot(page, 'form-donation-phone');
        await page.setViewportSize({ width: 1366, height: 900 });
        await page.goto('/records/team?sort=-sent&limit=25');
        await page.locator('table.data tbody tr').first().waitFor();
        await shot(page, 'records-table');
      }],
      ['editing: a bad date is named next to its field', async () => {
        const page = await newPage();
        await signIn(page);
        await page.goto('/records/team/new');
        await page.getByLabel('id (required)', { exact: true }).fill('team-e2e-bad');
        await page.getByLabel(/^provider/).fill('cn-gov');
        await page.getByLabel(/^host/).fill('kz');
        await page.getByLabel(/^team_kind/).selectOption('medical_experts');
        await page.getByLabel(/^sent/).fill('2020-13-45');
        await page.getByLabel(/^Reason for this change/).fill('e2e: a bad date');
        await page.getByRole('button', { name: 'Add the record' }).click();
        const error = page.locator('#f-sent-error');
        await error.waitFor();
        const text = await error.textContent();
        expect(text.includes('2020-13-45'), `the field error names the date: ${text}`);
        expect((await page.getByLabel(/^sent/).getAttribute('aria-invalid')) === 'true', 'sent is marked invalid');
        await shot(page, 'edit-bad-date');
        const res = await page.request.get(`${origin}/api/v1/records/team/team-e2e-bad`);
        expect(res.status() === 404, 'nothing was written');
      }],
      ['import: a dry run shows the error table, a good file is previewed and committed', async () => {
        const page = await newPage();
        await signIn(page);
        await page.goto('/import');
        await page.getByLabel(/^Reason/).fill('e2e: import');
        const bad = 'id,provider,host,team_kind,sent\nimp-e2e-1,cn-gov,it,medical_experts,2020-03-05\nimp-e2e-2,cn-gov,it,medical_experts,2020-02-30\n';
        await page.getByLabel('File').setInputFiles({ name: 'teams.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
        await page.getByRole('button', { name: 'Preview (dry run)' }).click();
        const row = page.locator('table.problems tbody tr').first();
        await row.waitFor();
        const cells = await row.locator('td').allTextContents();
        expect(cells[0] === '3', `the bad row's line is 3: ${cells}`);
        expect(Number(cells[1]) > 0, `a column is given: ${cells}`);
        await shot(page, 'import-errors');
        const good = 'id,provider,host,team_kind,sent\nimp-e2e-1,cn-gov,it,medical_experts,2020-03-05\n';
        await page.getByLabel('File').setInputFiles({ name: 'teams.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
        await page.getByRole('button', { name: 'Preview (dry run)' }).click();
        await page.getByRole('heading', { name: 'Preview: ready to import' }).waitFor();
        await page.getByRole('button', { name: 'Commit the import' }).click();
        await page.getByRole('heading', { name: 'Imported' }).waitFor();
        await shot(page, 'import-committed');
        const res = await page.request.get(`${origin}/api/v1/records/team/imp-e2e-1`);
        expect(res.status() === 200, 'the import was written');
      }],
      ['forms: every kind has a form whose every field has a label', async () => {
        const page = await newPage();
        await signIn(page);
        const kinds = ['party', 'item', 'donation', 'cash', 'team', 'exchange', 'request', 'manufacturer',
          'contract', 'declaration', 'statistic', 'commitment', 'source', 'claim'];
        for (const kind of kinds) {
          await page.goto(`/records/${kind}/new`);
          await page.getByLabel('id (required)', { exact: true }).waitFor();
          const unlabelled = await page.evaluate(() =>
            [...document.querySelectorAll('form input, form select, form textarea')]
              .filter((el) => el.labels.length === 0)
              .map((el) => el.name || el.id),
          );
          expect(unlabelled.length === 0, `${kind}: fields without a label: ${unlabelled.join(', ')}`);
        }
        // The keyboard reaches the submit button from the first field.
        await page.getByLabel('id (required)', { exact: true }).focus();
        let reached = false;
        for (let i = 0; i < 60 && !reached; i += 1) {
          await page.keyboard.press('Tab');
          reached = await page.evaluate(() => document.activeElement?.type === 'submit');
        }
        expect(reached, 'Tab reaches the submit button');
      }],
      ['private records: anonymous visitors get the figures and a sign-in prompt; a token signs in', async () => {
        // A server with `serve`'s default public resources: figures, briefing, claims, health.
        const token = cli(db, ['token', 'create', EDITOR.name]).trim();
        const closed = await startServer(db, { publicResources: 'figures,briefing,claims,health' });
        const closedOrigin = `http://127.0.0.1:${closed.port}`;
        try {
          const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, baseURL: closedOrigin });
          const page = await context.newPage();
          page.setDefaultTimeout(kWaitMs);
          page.on('request', (req) => {
            if (!req.url().startsWith(`${closedOrigin}/`)) offsite.push(req.url());
          });
          // (The other tests have added teams by now: any number will do.)
          await page.goto('/?as_of=2020-04-09&provider_country=CN&provider_kind=central_government');
          await page.waitForFunction(
            () => /^\d+$/.test(document.querySelector('[data-metric="teams.sent"] .value')?.textContent || ''),
          );
          await page.locator('.map .mark').first().waitFor();
          await page.getByText('Sign in to see recipients').waitFor();
          await page.goto('/records/team');
          await page.getByText('Records are not public on this server').waitFor();
          await page.screenshot({ path: join(OUT, 'records-private.png'), fullPage: true });
          await page.getByRole('link', { name: 'sign in', exact: true }).click();
          await page.getByLabel('a token').check();
          await page.getByLabel(/^Token/).fill(token);
          await page.getByRole('button', { name: 'Sign in' }).click();
          await page.locator('table.data tbody tr').first().waitFor();
          expect(page.url().endsWith('/records/team'), `back to the records after signing in: ${page.url()}`);
          await context.close();
        } finally {
          await closed.stop();
        }
      }],
      ['offline: no request leaves localhost on any page', async () => {
        const page = await newPage();
        await signIn(page);
        const pages = [
          ['/', null],
          ['/records/party', 'records-parties'],
          ['/records/donation/don-pk-gov', 'record-donation'],
          ['/recipients', 'recipients'],
          ['/recipients/va', 'recipient-vatican'],
          ['/import', 'import'],
          ['/records/cash/new', 'form-cash'],
          ['/records/claim', 'records-claims'],
          ['/no/such/page', 'not-found'],
        ];
        for (const [path, name] of pages) {
          await page.goto(path);
          await page.waitForLoadState('networkidle');
          if (name) await shot(page, name);
        }
        await page.goto('/signin');
        await shot(page, 'signin');
        expect(offsite.length === 0, `requests left localhost: ${offsite.join(', ')}`);
        expect(violations.length === 0, `the page policy blocked: ${violations.join('; ')}`);
      }],
    ];

    for (const [name, fn] of tests) {
      if (ONLY && !name.includes(ONLY)) continue;
      const start = Date.now();
      try {
        await fn();
        results.push([name, null]);
        console.log(`ok - ${name} (${Date.now() - start} ms)`);
      } catch (e) {
        results.push([name, e]);
        console.log(`not ok - ${name}\n  ${String(e.message).split('\n').join('\n  ')}`);
      }
    }
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
  writeFileSync(join(OUT, 'README.txt'), `Screenshots of the dashboard's e2e tests (web/e2e/run.mjs), ${new Date().toISOString()}\n`);
  const failed = results.filter(([, e]) => e);
  console.log(`${results.length - failed.length}/${results.length} passed; screenshots in ${OUT}`);
  if (offsite.length) console.log(`requests that left localhost: ${offsite.join(', ')}`);
  if (violations.length) console.log(`blocked by the page policy: ${violations.join('; ')}`);
  process.exit(failed.length || offsite.length || violations.length || results.length === 0 ? 1 : 0);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`e2e: ${e.stack || e}`);
    process.exit(1);
  });
}
