// The overview: headline figures for a chosen date (GET /figures), the claims stated by then
// beside them (GET /claims), the world map and the cumulative timeline.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, listAll, query } from '../api.js';
import { BandChart, short } from '../components/charts.jsx';
import { CsvButton, SyntheticBadge, SyntheticNote, SyntheticSwitch, syntheticParam } from '../components/data.jsx';
import { rangeColumns } from '../csv.js';
import { WorldMap } from '../components/worldmap.jsx';
import {
  addDays,
  cellText,
  claimValue,
  daysBetween,
  figureLabel,
  ledgerText,
  minorDigits,
  money,
  rangeText,
  splitRef,
  VERDICT_TEXT,
} from '../format.js';
import { KIND_LABEL } from '../nav.js';
import { Link, navigate } from '../router.jsx';

// The headline figures, in reading order: metric, label, and how to pick the figure (the
// metric's total row has none of the split keys).
const HEADLINES = [
  ['teams.sent', 'Medical teams sent'],
  ['teams.host_countries', 'Countries hosting teams'],
  ['supplies.recipients.countries', 'Countries and regions reached by supplies'],
  ['supplies.recipients.organisations', 'International organisations reached by supplies'],
  ['cash.total', 'Cash pledged'],
  ['exchanges.events', 'Expert exchanges held'],
  ['exchanges.participant_countries', 'Countries taking part in exchanges'],
  ['contracts.signed.countries', 'Countries with signed contracts'],
  ['contracts.in_talks.countries', 'Countries in talks'],
  ['exports.value', 'Exports (value)'],
  ['commitments.made', 'Commitments made'],
  ['commitments.fulfilled', 'Commitments fulfilled'],
];
const SPLIT_KEYS = ['host_country', 'provider_kind', 'recipient', 'product'];

// The headline figures as rows of the "Download CSV" file: what the page shows, then the
// range's ends exact (minor units for money).
function headlineRows(all, figures) {
  if (!figures) return [];
  return HEADLINES.flatMap(([metric, label]) => {
    const rows = totals(all, metric);
    return (rows.length ? rows : [null]).map((f) => ({ metric, label, f }));
  });
}
const HEADLINE_COLUMNS = [
  { header: 'metric', value: (r) => r.metric },
  { header: 'figure', value: (r) => r.label },
  ...rangeColumns(
    'value',
    (r) => r.f || (r.metric.startsWith('exports.') ? { certain: null, possible: null } : { certain: 0, possible: 0 }),
    (r) => (r.f ? rangeText(r.f) : r.metric.startsWith('exports.') ? 'no data' : '0'),
  ),
  { header: 'period', value: (r) => r.f?.period },
  { header: 'records', value: (r) => r.f?.records.length ?? 0 },
  { header: 'records possibly by this date', value: (r) => r.f?.uncertain.length ?? 0 },
];

const PROVIDER_KINDS = [
  'central_government',
  'local_government',
  'enterprise',
  'civil_society',
  'red_cross',
];
const TIMELINE_SAMPLES = 24;

function isTotal(f) {
  return !SPLIT_KEYS.some((k) => k in f);
}

// Totals of a metric; money comes one per currency. Cash is split by recipient only, so its
// total per currency is the sum of those rows (a record pays one recipient).
function totals(figures, metric) {
  if (metric !== 'cash.total') return figures.filter((f) => f.metric === metric && isTotal(f));
  const byCurrency = new Map();
  for (const f of figures) {
    if (f.metric !== metric) continue;
    const t = byCurrency.get(f.currency) || {
      metric, currency: f.currency, certain: 0, possible: 0, records: [], uncertain: [], unknown_values: [], sources: [], unsourced: [],
    };
    t.certain += f.certain;
    t.possible += f.possible;
    t.records.push(...f.records);
    t.uncertain.push(...f.uncertain);
    t.unknown_values.push(...f.unknown_values);
    t.unsourced.push(...(f.unsourced || []));
    for (const src of f.sources || []) if (!t.sources.includes(src)) t.sources.push(src);
    byCurrency.set(f.currency, t);
  }
  return [...byCurrency.values()];
}

// The grade of a total (GET /confidence, docs/confidence.md): the figure of the same metric
// and currency with no split key; undefined when the answer has none (cash totals are sums of
// figures by recipient, each graded apart).
function gradeOf(graded, f) {
  if (!graded || !f) return undefined;
  const c = graded.find(
    (g) => g.metric === f.metric && !SPLIT_KEYS.some((k) => k in g.keys) && (g.keys.currency || null) === (f.currency || null),
  );
  return c?.confidence;
}

function useSpan() {
  const [span, setSpan] = useState(null);
  useEffect(() => {
    api('/health')
      .then((h) => setSpan(h.events || { earliest: '2020-01-01', latest: new Date().toISOString().slice(0, 10) }))
      .catch(() => setSpan({ earliest: '2020-01-01', latest: new Date().toISOString().slice(0, 10) }));
  }, []);
  return span;
}

// Parties and donations, when this user may read records: the map's shading needs to know
// which country each donation reached. Anonymous users of a server that keeps records
// private see the team marks only.
function useRecipientData() {
  const [data, setData] = useState(null);
  useEffect(() => {
    Promise.all([listAll('party', {}, 5000), listAll('donation', {}, 5000), listAll('source', {}, 5000)])
      .then(([parties, donations, sources]) =>
        setData({ parties, donations, sources: new Map(sources.map((x) => [x.id, x.record])) }),
      )
      .catch(() => setData({ parties: [], donations: [], sources: new Map(), hidden: true }));
  }, []);
  return data;
}

// The country (alpha-2) a party counts for: itself or its nearest ancestor with an ISO code.
export function countryOf(partyId, partiesById) {
  let id = partyId;
  for (let guard = 0; id && guard < 20; guard += 1) {
    const p = partiesById.get(id);
    if (!p) return /^[a-z]{2}$/.test(id) ? id.toUpperCase() : null;
    if (p.record.iso_code) return p.record.iso_code.toUpperCase();
    id = p.record.parent;
  }
  return null;
}

export function Overview({ query: params }) {
  const span = useSpan();
  const [asOf, setAsOf] = useState(params.get('as_of') || '');
  const [country, setCountry] = useState(params.get('provider_country') || '');
  // What is typed, kept across renders until the field is left (a render while typing must
  // not put back the value in force).
  const [countryDraft, setCountryDraft] = useState(country);
  const [kinds, setKinds] = useState(params.getAll('provider_kind'));
  // Records made by `aidledger generate`: left out by default beside real ones (issue 14).
  const [synthetic, setSynthetic] = useState(syntheticParam(params));
  const [figures, setFigures] = useState(null);
  // The headline figures' confidence grades (null when the server does not give them).
  const [graded, setGraded] = useState(null);
  // The headline figures of each provider kind, when the page counts more than one kind:
  // {kind: figures} (item 6 of issue 13: a total is never shown without what it is made of).
  const [byKind, setByKind] = useState(null);
  const [error, setError] = useState(null);
  const [claims, setClaims] = useState([]);
  const [open, setOpen] = useState(null);
  const recipients = useRecipientData();
  // The map and the timeline are drawn after the headline figures are on screen: drawing
  // the 50m map is the heaviest work of the page, and the figures come first.
  const [later, setLater] = useState(false);
  useEffect(() => {
    if (figures && !later) requestAnimationFrame(() => setTimeout(() => setLater(true), 0));
  }, [figures]);

  // The first date shown: the one asked for, else the end of the ledger's span.
  useEffect(() => {
    if (span && !asOf) setAsOf(span.latest);
  }, [span]);

  useEffect(() => {
    if (!asOf) return;
    const q = { as_of: asOf, provider_country: country, provider_kind: kinds, synthetic };
    navigate(`/${query(q)}`, { replace: true });
    let live = true;
    setError(null);
    api(`/figures${query(q)}`)
      .then((r) => live && setFigures(r))
      .catch((e) => live && setError(e.message));
    setGraded(null);
    api(`/confidence${query({ ...q, metric: HEADLINES.map(([m]) => m) })}`)
      .then((r) => live && setGraded(r.figures))
      .catch(() => live && setGraded(null));
    const parts = kinds.length === 1 ? [] : kinds.length ? kinds : PROVIDER_KINDS;
    setByKind(null);
    Promise.all(
      parts.map((k) =>
        api(`/figures${query({ ...q, provider_kind: k, metric: HEADLINES.map(([m]) => m) })}`).then((r) => [k, r.figures]),
      ),
    )
      .then((pairs) => live && setByKind(Object.fromEntries(pairs)))
      .catch(() => live && setByKind(null));
    return () => {
      live = false;
    };
  }, [asOf, country, kinds.join(','), synthetic]);

  useEffect(() => {
    api(`/claims${query({ synthetic })}`)
      .then((r) => setClaims(r.claims || r))
      .catch(() => setClaims([]));
  }, [synthetic]);

  const days = span ? Math.max(0, daysBetween(span.earliest, span.latest)) : 0;
  const dayIndex = span && asOf ? Math.min(days, Math.max(0, daysBetween(span.earliest, asOf))) : 0;

  const all = figures?.figures || [];
  const mapData = useMemo(() => {
    const marks = {};
    for (const f of all) {
      if (f.metric === 'teams.sent' && f.host_country && f.possible > 0) {
        marks[f.host_country.toUpperCase()] = f.possible;
      }
    }
    const shade = {};
    if (recipients && !recipients.hidden) {
      const parties = new Map(recipients.parties.map((p) => [p.id, p]));
      const donations = new Map(recipients.donations.map((d) => [d.id, d]));
      const supplies = totals(all, 'supplies.recipients.all')[0];
      const uncertain = new Set(supplies?.uncertain || []);
      const got = {};
      for (const ref of supplies?.records || []) {
        const d = donations.get(splitRef(ref)[1]);
        const c = d && countryOf(d.record.recipient, parties);
        if (!c) continue;
        got[c] = got[c] || { supplies: false, cash: false, possible: false };
        if (uncertain.has(ref)) got[c].possible = true;
        else got[c].supplies = true;
      }
      for (const f of all) {
        if (f.metric !== 'cash.total' || !f.recipient || f.possible <= 0) continue;
        const c = countryOf(f.recipient, parties);
        if (!c) continue;
        got[c] = got[c] || { supplies: false, cash: false, possible: false };
        if (f.certain > 0) got[c].cash = true;
        else got[c].possible = true;
      }
      for (const [c, g] of Object.entries(got)) {
        shade[c] = g.supplies && g.cash ? 'both' : g.supplies ? 'supplies' : g.cash ? 'cash' : 'possible';
      }
    }
    return { marks, shade };
  }, [figures, recipients]);

  const stated = claims
    .filter((c) => asOf && (c.as_of || c.stated_on) <= asOf)
    .sort((a, b) => (b.as_of || b.stated_on).localeCompare(a.as_of || a.stated_on));
  const onDay = stated.filter((c) => (c.as_of || c.stated_on) === asOf);
  const shownClaims = onDay.length ? onDay : stated.slice(0, 8);

  return (
    <section class="overview">
      <h1>Where assistance stands</h1>
      <form class="controls" onSubmit={(e) => e.preventDefault()} aria-label="Date and provider">
        <label>
          As of
          <input
            type="date"
            name="as_of"
            value={asOf}
            min={span?.earliest}
            max={span?.latest}
            onChange={(e) => e.currentTarget.value && setAsOf(e.currentTarget.value)}
          />
        </label>
        <label class="slider">
          <span>
            Date in the ledger's span ({span?.earliest} – {span?.latest})
          </span>
          <input
            type="range"
            name="day"
            min={0}
            max={days}
            step={1}
            value={dayIndex}
            aria-valuetext={asOf}
            onInput={(e) => setAsOf(addDays(span.earliest, Number(e.currentTarget.value)))}
          />
        </label>
        <label>
          Provider country
          <input
            name="provider_country"
            value={countryDraft}
            placeholder="any (e.g. CN)"
            size={8}
            maxLength={3}
            onInput={(e) => setCountryDraft(e.currentTarget.value)}
            onChange={(e) => setCountry(e.currentTarget.value.trim().toUpperCase())}
          />
        </label>
        <fieldset class="kinds">
          <legend>Provider kinds (none: all)</legend>
          {PROVIDER_KINDS.map((k) => (
            <label key={k} class="check">
              <input
                type="checkbox"
                checked={kinds.includes(k)}
                onChange={(e) =>
                  setKinds(e.currentTarget.checked ? [...kinds, k] : kinds.filter((x) => x !== k))
                }
              />
              {k.replace('_', ' ')}
            </label>
          ))}
        </fieldset>
        <SyntheticSwitch value={synthetic} onChange={setSynthetic} answer={figures?.synthetic} />
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}

      <div class="overview-grid">
        <div>
          <h2 class="sr-only">Figures as of {asOf}</h2>
          <SyntheticNote synthetic={figures?.synthetic} />
          <p class="scope-note note" data-scope={kinds.length === 1 ? kinds[0] : 'several'}>
            {kinds.length === 1
              ? `Counting ${country ? `${country}'s ` : ''}${kinds[0].replace(/_/g, ' ')} only.`
              : `Counting ${kinds.length ? kinds.map((k) => k.replace(/_/g, ' ')).join(' and ') : 'every kind of provider'}${country ? ` of ${country}` : ''}. Official statements usually count one kind (a government's own teams, say): each figure says what its total is made of, and the kinds above narrow it.`}
          </p>
          <ul class="figures" aria-live="polite">
            {HEADLINES.flatMap(([metric, label]) => {
              const rows = totals(all, metric);
              const list = rows.length ? rows : figures ? [null] : [];
              return list.map((f, i) => {
                const key = `${metric}-${i}`;
                // A total that is not there is 0 for counts, but unknown for exports: no
                // published total or customs declaration covers the period (never a false zero).
                const value = f ? rangeText(f) : metric.startsWith('exports.') ? 'no data' : '0';
                return (
                  <li key={key} class="figure" data-metric={metric}>
                    <button
                      type="button"
                      aria-expanded={open === key}
                      disabled={!f || !f.records.length}
                      onClick={() => setOpen(open === key ? null : key)}
                    >
                      <span class="value">{value}</span>
                      <span class="label">
                        {label}
                        {f?.period ? ` (${f.period})` : ''}
                      </span>
                      {f && byKind && <Breakdown metric={metric} total={f} byKind={byKind} />}
                      {gradeOf(graded, f)?.grade && (
                        <span class="figure-grade note" title={gradeOf(graded, f).reason}>
                          confidence: {gradeOf(graded, f).grade}
                        </span>
                      )}
                      {f?.unsourced?.length > 0 && (
                        <span class="unsourced note" data-unsourced={f.unsourced.length}>
                          {unsourcedText(f)}
                        </span>
                      )}
                    </button>
                    {open === key && f && <FigureRecords figure={f} sources={recipients?.sources} />}
                  </li>
                );
              });
            })}
          </ul>
          <div class="table-tools">
            <CsvButton
              name={`figures-${asOf}${country ? `-${country}` : ''}${kinds.length ? `-${kinds.join('-')}` : ''}${synthetic ? `-synthetic-${synthetic}` : ''}`}
              columns={HEADLINE_COLUMNS}
              rows={headlineRows(all, figures)}
            />
          </div>
        </div>
        <aside class="claims" aria-labelledby="claims-title">
          <h2 id="claims-title">
            {onDay.length ? `Claims stated on ${asOf}` : `Latest claims up to ${asOf}`}
          </h2>
          {shownClaims.length === 0 && <p>No claim stated by this date.</p>}
          <ul>
            {shownClaims.map((c) => (
              <li key={c.id} class={`claim verdict-${c.verdict}`}>
                <span class="verdict">{VERDICT_TEXT[c.verdict] || c.verdict}</span>
                <q>{c.excerpt}</q>
                <small>
                  {figureLabel(c)}: {claimValue(c)} · <span class="claim-scope">{c.scope}</span>; ledger {ledgerText(c)}{' '}
                  · stated {c.stated_on} ·{' '}
                  <Link href={`/records/claim/${encodeURIComponent(c.id)}`}>claim</Link>
                  {c.source && (
                    <>
                      {' '}
                      · <Link href={`/records/source/${encodeURIComponent(c.source)}`}>source</Link>
                    </>
                  )}
                </small>
              </li>
            ))}
          </ul>
        </aside>
      </div>

      <h2>Map as of {asOf}</h2>
      {later && (
      <WorldMap
        shade={mapData.shade}
        marks={mapData.marks}
        label={`Recipients shaded by what they received, and countries hosting teams, as of ${asOf}`}
        onSelect={(a2) => navigate(`/recipients/${a2.toLowerCase()}`)}
      />
      )}
      {recipients?.hidden && (
        <p class="note">Sign in to see recipients of supplies shaded on the map; team hosts are marked.</p>
      )}

      <h2>Over time</h2>
      {span && later && <Timeline span={span} country={country} kinds={kinds} synthetic={synthetic} marker={asOf} />}
    </section>
  );
}

// What a total is made of, by provider kind: "14 in all: 13 central government, 1 enterprise".
// Kinds with nothing are left out; counts of distinct countries or recipients may overlap
// between kinds, and the sentence then says so.
const DISTINCT = /countries|recipients|organisations|participants/;
function Breakdown({ metric, total, byKind }) {
  const parts = [];
  for (const [kind, figs] of Object.entries(byKind)) {
    const f = totals(figs, metric).find((x) => x.currency === total.currency);
    if (!f || (f.possible === 0 && !(f.unknown_values || []).length)) continue;
    parts.push({ kind: kind.replace(/_/g, ' '), value: rangeText(f) });
  }
  if (!parts.length) return null;
  if (parts.length === 1) return <span class="breakdown">all {parts[0].kind}</span>;
  return (
    <span class="breakdown">
      {rangeText(total)} in all: {parts.map((p) => `${p.value} ${p.kind}`).join(', ')}
      {DISTINCT.test(metric) ? ' (one may count under several)' : ''}
    </span>
  );
}

// The records behind a figure, with links to each record and its sources.
// Fields that say, in a few words, what a record behind a figure is: to whom, and when.
const SUMMARY_FIELDS = ['host', 'recipient', 'buyer', 'destination', 'to', 'sent', 'held', 'pledged_on', 'paid_on', 'made_on', 'declared_on', 'topic'];
const MAX_SUMMARIES = 60;

// "2 of 14 records cite no source": how much of a figure nobody can check (issue 14).
function unsourcedText(f) {
  const n = f.unsourced.length;
  if (n === f.records.length) return n === 1 ? 'its record cites no source' : `none of its ${n} records cites a source`;
  return `${n} of ${f.records.length} records cite${n === 1 ? 's' : ''} no source`;
}

function FigureRecords({ figure, sources = new Map() }) {
  const uncertain = new Set(figure.uncertain);
  const unsourced = new Set(figure.unsourced || []);
  const [summaries, setSummaries] = useState({});
  useEffect(() => {
    let live = true;
    Promise.all(
      figure.records.slice(0, MAX_SUMMARIES).map((ref) => {
        const [kind, id] = splitRef(ref);
        return api(`/records/${kind}/${encodeURIComponent(id)}`)
          .then((r) => [ref, {
            text: SUMMARY_FIELDS.filter((f) => r.record[f] !== undefined).map((f) => `${f} ${cellText(r.record[f])}`).join(' · '),
            record: r.record,
          }])
          .catch(() => [ref, null]);
      }),
    ).then((pairs) => live && setSummaries(Object.fromEntries(pairs)));
    return () => {
      live = false;
    };
  }, [figure]);
  return (
    <div class="behind">
      <p>
        {figure.records.length} record{figure.records.length === 1 ? '' : 's'} behind this figure
        {figure.uncertain.length ? `; ${figure.uncertain.length} only possibly by this date` : ''}
        {unsourced.size ? `; ${unsourcedText(figure)}` : ''}:
      </p>
      <ul>
        {figure.records.map((ref) => {
          const [kind, id] = splitRef(ref);
          return (
            <li key={ref}>
              <Link href={`/records/${kind}/${encodeURIComponent(id)}`}>{id}</Link>
              <SyntheticBadge record={summaries[ref]?.record} />{' '}
              <small>
                {KIND_LABEL[kind] || kind}
                {summaries[ref]?.text ? ` · ${summaries[ref].text}` : ''}
                {uncertain.has(ref) ? ' · possibly by this date' : ''}
              </small>
              {unsourced.has(ref) && (
                <>
                  {' '}
                  <span class="badge unsourced" title="cites no source: nothing backs this record yet">
                    no source
                  </span>
                </>
              )}
            </li>
          );
        })}
      </ul>
      {figure.sources?.length > 0 && (
        <p class="sources">
          Sources:{' '}
          {figure.sources.map((id, i) => {
            const s = sources.get(id);
            return (
              <span key={id}>
                {i ? '; ' : ''}
                <Link href={`/records/source/${encodeURIComponent(id)}`}>{s?.outlet || s?.title || id}</Link>
                {s?.published ? ` (${s.published})` : ''}
              </span>
            );
          })}
        </p>
      )}
    </div>
  );
}

// Cumulative teams, recipients and exports at up to TIMELINE_SAMPLES dates over the span: one
// request per sampled date, each asking only the three metrics.
function Timeline({ span, country, kinds, synthetic, marker }) {
  const [series, setSeries] = useState(null);
  useEffect(() => {
    const days = Math.max(1, daysBetween(span.earliest, span.latest));
    const step = Math.max(1, Math.ceil(days / (TIMELINE_SAMPLES - 1)));
    const dates = [];
    for (let d = 0; d < days; d += step) dates.push(addDays(span.earliest, d));
    dates.push(span.latest);
    let live = true;
    Promise.all(
      dates.map((date) =>
        api(
          `/figures${query({
            as_of: date,
            provider_country: country,
            provider_kind: kinds,
            metric: ['teams.sent', 'supplies.recipients.all', 'exports.value'],
            from: span.earliest,
            to: date,
            synthetic,
          })}`,
        ),
      ),
    )
      .then((answers) => {
        if (!live) return;
        const pick = (r, metric) => {
          const rows = totals(r.figures, metric);
          const f = rows[0];
          return { certain: f ? f.certain : 0, possible: f ? f.possible : 0, currency: f?.currency, known: !!f };
        };
        const build = (metric) => answers.map((r, i) => ({ date: dates[i], ...pick(r, metric) }));
        setSeries({
          teams: build('teams.sent'),
          recipients: build('supplies.recipients.all'),
          // A date with no export figure is unknown, not zero: it is left out of the chart.
          exports: build('exports.value').filter((p) => p.known),
        });
      })
      .catch(() => live && setSeries(null));
    return () => {
      live = false;
    };
  }, [span.earliest, span.latest, country, kinds.join(','), synthetic]);
  if (!series) return <p>Loading the timeline…</p>;
  const currency = series.exports.find((p) => p.currency)?.currency;
  return (
    <div class="timeline">
      <BandChart title="Medical teams sent" points={series.teams} marker={marker} />
      <BandChart title="Recipients of supplies" points={series.recipients} marker={marker} />
      <div>
        <BandChart
          title={`Exports since ${span.earliest}`}
          points={series.exports}
          marker={marker}
          format={(n) => money(n, currency)}
          tick={(v) => short(currency ? v / 10 ** minorDigits(currency) : v)}
        />
        {series.exports.length > 0 && series.exports[0].date > series.teams[0].date && (
          <p class="note">
            No export figure before {series.exports[0].date}: unknown, not zero (no published total or customs
            declaration covers those dates).
          </p>
        )}
        {series.exports.length === 0 && (
          <p class="note">
            No export figure covers this span: no published total lies within it and no customs
            declaration is recorded in it. Unknown, not zero (the Exports figure above gives the
            latest published period).
          </p>
        )}
      </div>
    </div>
  );
}
