// Exports (issue 6, item 4): export statistics over a period, by product, month, destination,
// exporter kind and customs regime (GET /exports/stats), each cell with its basis (published
// totals for their days, cleared declarations for the others, never both for a day; days nothing
// covers are said, never counted as zero), and customs clearance by reason with
// the held declarations (GET /clearance). Donations and trade are told apart by regime, and the
// declarations of synthetic batches are left out beside real data unless the switch says
// otherwise (issues 14 and 16).
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, listAll, query } from '../api.js';
import { Bars, Columns, short } from '../components/charts.jsx';
import { minorDigits, money, number, placeName } from '../format.js';
import { Link, navigate } from '../router.jsx';
import { useSpan, VERDICT_WORDS } from './procurement.jsx';
import { CsvButton, SyntheticNote, SyntheticSwitch, syntheticParam } from '../components/data.jsx';
import { moneyColumns } from '../csv.js';

const GROUPS = [
  ['product', 'By product'],
  ['month', 'By month'],
  ['destination', 'By destination'],
  ['exporter_kind', 'By exporter kind'],
  ['regime', 'By customs regime'],
];
// The regime filter (GET /exports/stats?regime=): donations and trade apart, or every regime.
const REGIMES = [
  ['', 'every regime'],
  ['donations', 'donations and aid'],
  ['commercial', 'trade'],
  ['general_trade', 'general trade (0110)'],
  ['government_aid', 'aid by governments and international organisations (3511)'],
  ['other_donation', 'other donations (3612)'],
  ['not_stated', 'not stated'],
];
const TOP_DESTINATIONS = 12;
const HELD_LISTED = 20;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

// Published periods (statistic records), latest first; none when records are not public.
function usePublished() {
  const [periods, setPeriods] = useState(null);
  useEffect(() => {
    listAll('statistic', {}, 2000)
      .then((stats) => {
        const seen = new Map();
        for (const s of stats) {
          // A statistic's period is "FROM/TO" (docs/formats.md, statistic).
          const [from, to] = String(s.record.period || '').split('/');
          if (DATE.test(from) && DATE.test(to)) seen.set(`${from}/${to}`, { from, to });
        }
        setPeriods([...seen.values()].sort((a, b) => b.to.localeCompare(a.to) || b.from.localeCompare(a.from)));
      })
      .catch(() => setPeriods([]));
  }, []);
  return periods;
}

// Catalogue items by HS code, to name products; empty when records are not public.
function useProductNames() {
  const [byHs, setByHs] = useState(new Map());
  useEffect(() => {
    listAll('item', {}, 2000)
      .then((items) => {
        const m = new Map();
        for (const i of items) {
          if (i.record.hs_code && !m.has(i.record.hs_code)) m.set(i.record.hs_code, i.record.name || i.id);
        }
        setByHs(m);
      })
      .catch(() => {});
  }, []);
  return byHs;
}

// What a cell of a grouping is: a product with its name, a month, a destination with its
// name, an exporter kind in words.
function cellLabel(by, c, productLabel) {
  if (by === 'product') return productLabel(c.key);
  if (by === 'month') return c.period.from.slice(0, 7);
  if (by === 'destination') return placeName(c.key) || '—';
  return (c.key || '—').replace(/_/g, ' ');
}

function valueText(value) {
  const entries = Object.entries(value || {});
  if (!entries.length) return '—';
  return entries.map(([c, minor]) => money(minor, c)).join(' + ');
}

// A value of the exports answer ({currency: minor}) in a CSV file: as the table shows it, then
// one column of exact minor units per currency the rows hold.
function valueColumns(rows, get) {
  const currencies = [...new Set(rows.flatMap((r) => Object.keys(get(r) || {})))].sort();
  return [
    { header: 'value', value: (r) => valueText(get(r)) },
    ...currencies.map((c) => ({ header: `value (${c} minor units)`, value: (r) => get(r)?.[c] })),
  ];
}

// The customs answer's `synthetic` in the words of the figures' (SyntheticSwitch's default label).
function counted(note) {
  if (!note) return null;
  return { ...note, real_counted: note.real_declarations, synthetic_counted: note.synthetic_declarations };
}

// A cell's quantity with its unit; "units differ" when its products are counted in different
// units (never added), "unknown" when a published total gives none.
function quantityText(cell) {
  if (cell.quantity === null) return cell.mixed_units ? 'units differ' : 'unknown';
  return `${number(cell.quantity)}${cell.unit ? ` ${cell.unit}` : ''}`;
}

const BASIS_TEXT = {
  published: 'published',
  declarations: 'declarations',
  'published+declarations': 'published and declarations',
  none: 'nothing covers it',
};
function basisText(cell) {
  return BASIS_TEXT[cell.basis] || cell.basis;
}

// "At least" when some days of the cell are covered by nothing (no published total, and outside
// the days the declarations cover): what is shown is what is known, never a zero for the rest.
function atLeast(cell) {
  return cell.complete === false && cell.basis !== 'none' ? 'at least ' : '';
}

// Which days each basis counted, in date order: "1 Mar–31 Mar: published total march-masks;
// 1 Apr–3 Apr: declarations; 4 Apr–30 Apr: nothing covers these days".
function Coverage({ cell }) {
  const stretches = [
    ...(cell.coverage || []).map((c) => ({ period: c.period, basis: c.basis, statistic: c.statistic })),
    ...(cell.uncovered || []).map((p) => ({ period: p, basis: 'none' })),
  ].sort((a, b) => (a.period.from < b.period.from ? -1 : 1));
  if (stretches.length < 2 && cell.complete !== false) return null;
  return (
    <ul class="coverage">
      {stretches.map((s) => (
        <li key={s.period.from} data-basis={s.basis}>
          {s.period.from} to {s.period.to}:{' '}
          {s.basis === 'published' ? (
            <>
              published total{' '}
              <Link href={`/records/statistic/${encodeURIComponent(s.statistic)}`}>{s.statistic}</Link>
            </>
          ) : s.basis === 'declarations' ? (
            'cleared declarations'
          ) : (
            <strong>nothing covers these days (no published total, no declarations): not counted, not zero</strong>
          )}
        </li>
      ))}
    </ul>
  );
}

export function ExportsPage({ query: params }) {
  const span = useSpan();
  const published = usePublished();
  const productNames = useProductNames();
  const [from, setFrom] = useState(params.get('from') || '');
  const [to, setTo] = useState(params.get('to') || '');
  const [hs, setHs] = useState(params.get('hs_code') || '');
  const [stats, setStats] = useState(null);
  const [clearance, setClearance] = useState(null);
  const [error, setError] = useState(null);
  const [currency, setCurrency] = useState('');
  const [regime, setRegime] = useState(params.get('regime') || '');
  // Declarations of synthetic batches (docs/figures.md "Synthetic records"): left out beside
  // real data by default; the answer's `synthetic` says what was left out.
  const [synthetic, setSynthetic] = useState(syntheticParam(params));

  // The first period shown: the one asked for, else the latest published one, else the span.
  useEffect(() => {
    if (from && to) return;
    if (!span || published === null) return;
    const p = published[0] || { from: span.earliest, to: span.latest };
    setFrom(p.from);
    setTo(p.to);
  }, [span, published]);

  const valid = DATE.test(from) && DATE.test(to) && from <= to;
  useEffect(() => {
    if (!valid) return;
    navigate(`/exports${query({ from, to, hs_code: hs, regime, synthetic })}`, { replace: true });
    let live = true;
    setError(null);
    const base = { from, to, hs_code: hs, regime, synthetic };
    Promise.all([
      api(`/exports/stats${query(base)}`),
      ...GROUPS.map(([by]) => api(`/exports/stats${query({ ...base, by })}`)),
    ])
      .then(([total, ...groups]) => {
        if (!live) return;
        setStats({ total, groups: Object.fromEntries(GROUPS.map(([by], i) => [by, groups[i]])) });
      })
      .catch((e) => live && setError(e));
    api(`/clearance${query({ from, to, held: 'true', limit: HELD_LISTED, synthetic })}`)
      .then((c) => live && setClearance(c))
      .catch((e) => live && setClearance({ error: e }));
    return () => {
      live = false;
    };
  }, [from, to, hs, regime, synthetic]);

  // Currencies in the answer, the most used first; the charts show one at a time.
  const currencies = useMemo(() => {
    const count = new Map();
    for (const g of Object.values(stats?.groups || {})) {
      for (const c of g.cells) for (const cur of Object.keys(c.value)) count.set(cur, (count.get(cur) || 0) + 1);
    }
    return [...count.entries()].sort((a, b) => b[1] - a[1]).map(([c]) => c);
  }, [stats]);
  const shown = currencies.includes(currency) ? currency : currencies[0] || '';
  const fmt = (minor) => money(minor, shown);
  const productLabel = (key) => (key ? `${productNames.get(key) ? `${productNames.get(key)} ` : ''}${key}` : 'every product');

  const keyLabel = (by, c) => cellLabel(by, c, productLabel);
  // A chart's rows: values in the shown currency when its cells have any, else quantities (a
  // published total may give only a quantity, as the demo's totals per product do).
  const chartOf = (by) => {
    const cells = stats?.groups[by]?.cells || [];
    const byValue = shown && cells.some((c) => c.value[shown] !== undefined);
    const rows = cells
      .filter((c) => (byValue ? c.value[shown] !== undefined : c.quantity !== null))
      .map((c) => ({
        label: keyLabel(by, c),
        value: byValue ? c.value[shown] : c.quantity,
        note: c.basis === 'published' ? 'published' : undefined,
      }));
    if (by !== 'month') rows.sort((a, b) => b.value - a.value);
    return {
      rows: by === 'destination' ? rows.slice(0, TOP_DESTINATIONS) : rows,
      measure: byValue ? `value, ${shown}` : 'quantity',
      format: byValue ? fmt : number,
      tick: byValue ? (v) => short(v / 10 ** minorDigits(shown)) : short,
    };
  };
  // A chart, or nothing when its grouping has no cell (published totals give no destination
  // or exporter kind).
  const chart = (Chart, by, title, cls) => {
    const c = chartOf(by);
    if (!c.rows.length) return null;
    return (
      <div class={cls}>
        <Chart title={`${title} (${c.measure})`} rows={c.rows} format={c.format} tick={c.tick} />
      </div>
    );
  };

  return (
    <section class="exports">
      <h1>Exports</h1>
      <form class="controls" onSubmit={(e) => e.preventDefault()} aria-label="Period and product">
        <label>
          From
          <input type="date" name="from" value={from} max={to || undefined} onChange={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          To
          <input type="date" name="to" value={to} min={from || undefined} onChange={(e) => setTo(e.currentTarget.value)} />
        </label>
        <label>
          HS code
          <input
            name="hs_code"
            value={hs}
            placeholder="any (e.g. 6307.90)"
            size={12}
            onChange={(e) => setHs(e.currentTarget.value.trim())}
          />
        </label>
        <label>
          Customs regime
          <select name="regime" value={regime} onChange={(e) => setRegime(e.currentTarget.value)}>
            {(REGIMES.some(([v]) => v === regime) ? REGIMES : [...REGIMES, [regime, regime]]).map(([v, label]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <SyntheticSwitch value={synthetic} onChange={setSynthetic} answer={counted(stats?.total?.synthetic)} />
        {currencies.length > 1 && (
          <label>
            Charts in
            <select name="currency" value={shown} onChange={(e) => setCurrency(e.currentTarget.value)}>
              {currencies.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
        )}
        <div class="periods" role="group" aria-label="Periods">
          {span && (
            <button
              type="button"
              onClick={() => {
                setFrom(span.earliest);
                setTo(span.latest);
              }}
            >
              Ledger's span ({span.earliest} – {span.latest})
            </button>
          )}
          {(published || []).slice(0, 4).map((p) => (
            <button
              type="button"
              key={`${p.from}/${p.to}`}
              aria-pressed={p.from === from && p.to === to}
              onClick={() => {
                setFrom(p.from);
                setTo(p.to);
              }}
            >
              Published {p.from} – {p.to}
            </button>
          ))}
        </div>
      </form>
      {!valid && from && to && (
        <p class="error" role="alert">
          The period needs two dates, the first on or before the second.
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error.status === 401 ? (
            <>
              Export statistics are not public on this server: <Link href="/signin?next=/exports">sign in</Link>.
            </>
          ) : (
            `${error.field ? `${error.field}: ` : ''}${error.message}`
          )}
        </p>
      )}
      {stats && !error && <SyntheticNote synthetic={stats.total.synthetic} />}
      {stats && !error && (
        <>
          <Total cell={stats.total.cells[0]} product={hs ? productLabel(hs) : 'every product'} />
          <p class="note">
            Cleared declarations only (held goods did not leave). Each day of a cell counts once: from a published
            total of its product and destination when one covers that day, else from the declarations, where the
            customs records cover it. Days nothing covers are listed and not counted: the figure is then "at least".
            Published totals cover every regime: a regime chosen above, or the regime chart, counts declarations
            only.
          </p>
          <div class="charts">
            {chart(Bars, 'product', 'By product', 'wide')}
            {chart(Bars, 'destination', `Top ${TOP_DESTINATIONS} destinations`, 'wide')}
            {chart(Columns, 'month', 'By month')}
            {chart(Bars, 'exporter_kind', 'By exporter kind')}
            {chart(Bars, 'regime', 'By customs regime')}
          </div>
          <Cells stats={stats} productLabel={productLabel} />
        </>
      )}
      <h2 id="clearance">Customs clearance</h2>
      {clearance && <Clearance report={clearance} />}
      {clearance && !clearance.error && clearance.total?.declarations > 0 && (
        <Rejudge key={`${from}/${to}/${synthetic}`} from={from} to={to} synthetic={synthetic} />
      )}
    </section>
  );
}

function Total({ cell, product }) {
  if (!cell) {
    return (
      <p class="total empty" role="status">
        No export statistic of {product} for this period: no published total lies within it, and no
        cleared declaration is dated in it.
      </p>
    );
  }
  return (
    <div class="total" data-basis={cell.basis}>
      <p class="total-value">
        <span class="value">
          {cell.basis === 'none' ? 'unknown' : `${atLeast(cell)}${valueText(cell.value)}`}
        </span>
        {cell.quantity !== null && (
          <span class="quantity">
            {' '}
            · quantity {atLeast(cell)}
            {quantityText(cell)}
          </span>
        )}
        {cell.mixed_units && <span class="quantity"> · no total quantity: its products are counted in different units</span>}
      </p>
      <p>
        Exports of {product}, {cell.period.from} to {cell.period.to}:{' '}
        <span class={`basis basis-${cell.basis}`}>{basisText(cell)}</span>
        {cell.basis === 'published' && cell.statistic && (
          <>
            {' '}
            (<Link href={`/records/statistic/${encodeURIComponent(cell.statistic)}`}>{cell.statistic}</Link>)
          </>
        )}
        {cell.declarations !== null && <> · {number(cell.declarations)} declarations</>}
      </p>
      <Coverage cell={cell} />
    </div>
  );
}

// Every cell of every grouping, with its basis: the numbers behind the charts.
function Cells({ stats, productLabel }) {
  const [by, setBy] = useState('product');
  const cells = stats.groups[by]?.cells || [];
  return (
    <>
      <h2 id="cells">Cells and their basis</h2>
      <label>
        Grouped
        <select name="cells_by" value={by} onChange={(e) => setBy(e.currentTarget.value)}>
          {GROUPS.map(([b, label]) => (
            <option key={b} value={b}>
              {label.toLowerCase()}
            </option>
          ))}
        </select>
      </label>
      {cells.length > 0 && (
        <div class="table-tools">
          <CsvButton
            name={`exports-cells-by-${by}-${stats.total?.period?.from || ''}-${stats.total?.period?.to || ''}`}
            rows={cells}
            columns={[
              { header: by.replace(/_/g, ' '), value: (c) => cellLabel(by, c, productLabel) },
              { header: 'key', value: (c) => c.key },
              { header: 'from', value: (c) => c.period.from },
              { header: 'to', value: (c) => c.period.to },
              { header: 'basis', value: (c) => basisText(c) },
              { header: 'statistic', value: (c) => c.statistic },
              { header: 'declarations', value: (c) => c.declarations },
              { header: 'quantity', value: (c) => quantityText(c) },
              ...valueColumns(cells, (c) => c.value),
            ]}
          />
        </div>
      )}
      {cells.length > 0 && (
        <div class="table-wrap">
          <table class="data cells cards">
            <thead>
              <tr>
                <th scope="col">{{ product: 'Product', month: 'Month', destination: 'Destination', exporter_kind: 'Exporter kind' }[by]}</th>
                <th scope="col">Period</th>
                <th scope="col">Basis</th>
                <th scope="col" class="num">
                  Declarations
                </th>
                <th scope="col" class="num">
                  Quantity
                </th>
                <th scope="col" class="num">
                  Value
                </th>
              </tr>
            </thead>
            <tbody>
              {cells.map((c) => (
                <tr key={`${c.key}-${c.period.from}`} data-basis={c.basis}>
                  <th scope="row">{cellLabel(by, c, productLabel)}</th>
                  <td data-label="Period" class="nowrap">
                    {c.period.from} – {c.period.to}
                  </td>
                  <td data-label="Basis">
                    <span class={`basis basis-${c.basis}`}>{basisText(c)}</span>
                    {c.statistic && (
                      <>
                        {' '}
                        <Link href={`/records/statistic/${encodeURIComponent(c.statistic)}`}>
                          <small>{c.statistic}</small>
                        </Link>
                      </>
                    )}
                  </td>
                  <td data-label="Declarations" class="num">{c.declarations === null ? '—' : number(c.declarations)}</td>
                  <td data-label="Quantity" class="num">
                    {c.quantity === null ? quantityText(c) : `${atLeast(c)}${quantityText(c)}`}
                  </td>
                  <td data-label="Value" class="num">
                    {c.basis === 'none' ? 'unknown' : `${atLeast(c)}${valueText(c.value)}`}
                    {c.complete === false && c.basis !== 'none' && (
                      <small class="uncovered">
                        {' '}
                        (not covered: {(c.uncovered || []).map((p) => `${p.from} – ${p.to}`).join(', ')})
                      </small>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cells.length === 0 && <p>No cell: nothing cleared or published for this period.</p>}
    </>
  );
}

// The period judged again under another clearance rule set (GET /clearance?rules=; issue 16
// item 4): the counts per verdict stored and re-judged, and the first declarations whose
// verdict would change, each with both rule versions. Stored verdicts are not rewritten.
function Rejudge({ from, to, synthetic }) {
  const [rules, setRules] = useState('');
  const [answer, setAnswer] = useState(null);
  const submit = (e) => {
    e.preventDefault();
    const set = rules.trim();
    if (!set) return;
    setAnswer({ loading: true });
    api(`/clearance${query({ from, to, rules: set, limit: HELD_LISTED, synthetic })}`)
      .then((c) => setAnswer(c))
      .catch((err) => setAnswer({ error: err }));
  };
  const r = answer?.rejudged;
  return (
    <div class="rejudge">
      <h3>Judge again under another rule set</h3>
      <form class="form narrow" onSubmit={submit} aria-label="Rule set">
        <div class="field">
          <label for="rejudge-rules">Rule set (a clearance rule set of the ledger, or builtin)</label>
          <input id="rejudge-rules" name="rules" value={rules} onInput={(e) => setRules(e.currentTarget.value)} />
        </div>
        <button type="submit">Judge again</button>
      </form>
      {answer?.error && (
        <p class="error" role="alert">
          {answer.error.message}
        </p>
      )}
      {r && (
        <>
          <p class="rejudged-summary">
            {number(r.changed)} of {number(r.declarations)} declarations would get another verdict under rule set{' '}
            <code>{r.rule_set}</code> (stored verdicts are not rewritten).
          </p>
          <div class="table-wrap">
            <table class="data rejudged-counts cards">
              <caption>Declarations by verdict, stored and re-judged</caption>
              <thead>
                <tr>
                  <th scope="col">Verdict</th>
                  <th scope="col" class="num">
                    Stored
                  </th>
                  <th scope="col" class="num">
                    Re-judged
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.verdicts.map((v) => (
                  <tr key={v.verdict} data-verdict={v.verdict}>
                    <th scope="row">{VERDICT_WORDS[v.verdict] || v.verdict}</th>
                    <td data-label="Stored" class="num">{number(v.stored)}</td>
                    <td data-label="Re-judged" class="num">{number(v.rejudged)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {r.changes.length > 0 && (
            <div class="table-wrap">
              <table class="data rejudged cards">
                <caption>
                  Declarations whose verdict would change (the first {r.changes.length})
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Reference</th>
                    <th scope="col">Date</th>
                    <th scope="col">Exporter</th>
                    <th scope="col">Stored</th>
                    <th scope="col">Re-judged</th>
                  </tr>
                </thead>
                <tbody>
                  {r.changes.map((c) => (
                    <tr key={`${c.batch}-${c.line}`}>
                      <th scope="row" class="mono">
                        {c.reference || `batch ${c.batch} line ${c.line}`}
                      </th>
                      <td data-label="Date" class="nowrap">{c.date}</td>
                      <td data-label="Exporter">{c.exporter}</td>
                      <td data-label="Stored">
                        {VERDICT_WORDS[c.verdict] || c.verdict} <small class="mono">({c.rule})</small>
                      </td>
                      <td data-label="Re-judged">
                        <strong>{VERDICT_WORDS[c.rejudged_verdict] || c.rejudged_verdict}</strong>{' '}
                        <small class="mono">({c.rejudged_rule})</small>
                        <br />
                        <small>{c.detail}</small>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </div>
  );
}

function Clearance({ report }) {
  if (report.error) {
    return (
      <p class="error" role="alert">
        {report.error.status === 401 ? (
          <>
            Clearance is not public on this server: <Link href="/signin?next=/exports">sign in</Link>.
          </>
        ) : (
          report.error.message
        )}
      </p>
    );
  }
  const { total, verdicts = [], held = [] } = report;
  if (!total?.declarations) {
    const leftOut = report.synthetic?.left_out || 0;
    return (
      <p class="no-declarations">
        No declaration dated {report.period.from} to {report.period.to}{' '}
        {leftOut
          ? `is counted: the ${number(leftOut)} declarations of synthetic batches are left out (the switch above counts them).`
          : 'in this ledger; published totals only.'}
      </p>
    );
  }
  const share = (n) => `${((100 * n) / total.declarations).toFixed(n && n < total.declarations / 1000 ? 2 : 1)}%`;
  return (
    <div class="clearance">
      <p>
        {number(total.declarations)} declarations dated {report.period.from} to {report.period.to}, worth{' '}
        {valueText(total.value)}.
      </p>
      <div class="charts">
        <Bars
          title="Declarations by verdict"
          rows={verdicts.map((v) => ({ label: VERDICT_WORDS[v.verdict] || v.verdict, value: v.declarations, note: share(v.declarations) }))}
        />
        <div>
          <div class="table-tools">
            <CsvButton
              name={`clearance-verdicts-${report.period.from}-${report.period.to}`}
              rows={verdicts}
              columns={[
                { header: 'verdict', value: (v) => VERDICT_WORDS[v.verdict] || v.verdict },
                { header: 'declarations', value: (v) => v.declarations },
                { header: 'quantity', value: (v) => v.quantity },
                ...valueColumns(verdicts, (v) => v.value),
              ]}
            />
          </div>
          <div class="table-wrap">
            <table class="data verdicts cards">
              <caption>Held declarations by reason, and those cleared</caption>
              <thead>
                <tr>
                  <th scope="col">Verdict</th>
                  <th scope="col" class="num">
                    Declarations
                  </th>
                  <th scope="col" class="num">
                    Quantity
                  </th>
                  <th scope="col" class="num">
                    Value
                  </th>
                </tr>
              </thead>
              <tbody>
                {verdicts.map((v) => (
                  <tr key={v.verdict} data-verdict={v.verdict}>
                    <th scope="row">{VERDICT_WORDS[v.verdict] || v.verdict}</th>
                    <td data-label="Declarations" class="num">{number(v.declarations)}</td>
                    <td data-label="Quantity" class="num">{number(v.quantity)}</td>
                    <td data-label="Value" class="num">{valueText(v.value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </div>
      {held.length > 0 && (
        <>
          <h3>Held declarations (the first {held.length} by date)</h3>
          <div class="table-tools">
            <CsvButton
              name={`held-declarations-${report.period.from}-${report.period.to}`}
              rows={held}
              columns={[
                { header: 'reference', value: (h) => h.reference || `batch ${h.batch} line ${h.line}` },
                { header: 'batch', value: (h) => h.batch },
                { header: 'line', value: (h) => h.line },
                { header: 'date', value: (h) => h.date },
                { header: 'exporter', value: (h) => h.exporter },
                { header: 'exporter kind', value: (h) => h.exporter_kind.replace(/_/g, ' ') },
                { header: 'hs code', value: (h) => h.hs_code },
                { header: 'item', value: (h) => h.item },
                { header: 'destination', value: (h) => placeName(h.destination) },
                ...moneyColumns('value', (h) => h.value, (h) => money(h.value.minor, h.value.currency)),
                { header: 'reason', value: (h) => VERDICT_WORDS[h.verdict] || h.verdict },
                { header: 'reason now', value: (h) => VERDICT_WORDS[h.verdict_now] || h.verdict_now },
                { header: 'rule', value: (h) => h.rule },
                { header: 'rule now', value: (h) => h.rule_now },
                { header: 'why', value: (h) => h.detail },
              ]}
            />
          </div>
          <div class="table-wrap">
            <table class="data held cards">
              <thead>
                <tr>
                  <th scope="col">Reference</th>
                  <th scope="col">Date</th>
                  <th scope="col">Exporter</th>
                  <th scope="col">Product</th>
                  <th scope="col">Destination</th>
                  <th scope="col" class="num">
                    Value
                  </th>
                  <th scope="col">Reason</th>
                  <th scope="col">Rule</th>
                </tr>
              </thead>
              <tbody>
                {held.map((h) => (
                  <tr key={`${h.batch}-${h.line}`}>
                    <th scope="row" class="mono">
                      {h.reference || `batch ${h.batch} line ${h.line}`}
                    </th>
                    <td data-label="Date" class="nowrap">{h.date}</td>
                    <td data-label="Exporter">
                      {h.exporter} <small>({h.exporter_kind.replace(/_/g, ' ')})</small>
                    </td>
                    <td data-label="Product">
                      {h.hs_code}
                      {h.item ? <small> {h.item}</small> : null}
                    </td>
                    <td data-label="Destination">{placeName(h.destination)}</td>
                    <td data-label="Value" class="num">{money(h.value.minor, h.value.currency)}</td>
                    <td data-label="Reason">
                      <strong>{VERDICT_WORDS[h.verdict] || h.verdict}</strong>
                      {h.verdict_now !== h.verdict && <small> (now: {VERDICT_WORDS[h.verdict_now] || h.verdict_now})</small>}
                      <br />
                      <small>{h.detail}</small>
                    </td>
                    <td data-label="Rule" class="mono">
                      {h.rule}
                      {h.rule_now && h.rule_now !== h.rule && <small> (now: {h.rule_now})</small>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
