// The claims (issue 13, item 5): every published claim with its verdict, provider scope,
// source and quote, and the one sentence that says why (GET /claims); filters by verdict,
// metric, source and stated date, kept in the address; and a timeline per metric and keys of
// the claims' values over their stated dates against the ledger's range at each.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, listAll, query } from '../api.js';
import { ClaimsChart, short } from '../components/charts.jsx';
import { claimValue, figureKey, figureLabel, METRIC_LABEL, minorDigits, moneyFull, number, VERDICT_TEXT } from '../format.js';
import { navigate } from '../router.jsx';
import { SyntheticNote, SyntheticSwitch, syntheticParam } from '../components/data.jsx';
import { ClaimsTable, sourceName } from './briefing.jsx';

const VERDICTS = ['agrees', 'disagrees', 'ledger_incomplete', 'unknown'];
const METRIC_ORDER = Object.keys(METRIC_LABEL);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

// Sources by id (outlet, title, date); empty when records are not public: ids are shown.
function useSources() {
  const [sources, setSources] = useState(new Map());
  useEffect(() => {
    listAll('source', {}, 5000)
      .then((list) => setSources(new Map(list.map((s) => [s.id, { id: s.id, ...s.record }]))))
      .catch(() => {});
  }, []);
  return sources;
}

export function ClaimsPage({ query: params }) {
  const [claims, setClaims] = useState(null);
  const [error, setError] = useState(null);
  const sources = useSources();
  const [verdict, setVerdict] = useState(params.get('verdict') || '');
  const [metric, setMetric] = useState(params.get('metric') || '');
  const [source, setSource] = useState(params.get('source') || '');
  const [from, setFrom] = useState(params.get('from') || '');
  const [to, setTo] = useState(params.get('to') || '');
  const [synthetic, setSynthetic] = useState(syntheticParam(params));
  // What the mode leaves out: GET /claims answers a bare list, so the sentence comes from the
  // cheapest figures answer under the same mode (its counts are the ledger's, not the date's).
  const [note, setNote] = useState(null);

  useEffect(() => {
    let live = true;
    setError(null);
    api(`/claims${query({ synthetic })}`)
      .then((r) => live && setClaims(Array.isArray(r) ? r : r.claims || []))
      .catch((e) => live && setError(e.message));
    api(`/figures${query({ as_of: new Date().toISOString().slice(0, 10), metric: 'commitments.made', synthetic })}`)
      .then((r) => live && setNote(r.synthetic))
      .catch(() => live && setNote(null));
    return () => {
      live = false;
    };
  }, [synthetic]);

  useEffect(() => {
    navigate(`/claims${query({ verdict, metric, source, from, to, synthetic })}`, { replace: true });
  }, [verdict, metric, source, from, to, synthetic]);

  const all = claims || [];
  const metrics = useMemo(
    () => [...new Set(all.map((c) => c.metric))].sort((a, b) => METRIC_ORDER.indexOf(a) - METRIC_ORDER.indexOf(b)),
    [claims],
  );
  const sourceIds = useMemo(() => [...new Set(all.map((c) => c.source))].sort(), [claims]);
  const shown = all
    .filter(
      (c) =>
        (!verdict || c.verdict === verdict) &&
        (!metric || c.metric === metric) &&
        (!source || c.source === source) &&
        (!from || c.stated_on >= from) &&
        (!to || c.stated_on <= to),
    )
    .sort((a, b) => a.stated_on.localeCompare(b.stated_on) || METRIC_ORDER.indexOf(a.metric) - METRIC_ORDER.indexOf(b.metric));

  // A timeline per metric and keys, in the catalogue's order.
  const groups = new Map();
  for (const c of shown) {
    const k = figureKey(c);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(c);
  }
  const series = [...groups.values()].sort(
    (a, b) => METRIC_ORDER.indexOf(a[0].metric) - METRIC_ORDER.indexOf(b[0].metric) || figureKey(a[0]).localeCompare(figureKey(b[0])),
  );

  const byVerdict = VERDICTS.map((v) => [v, shown.filter((c) => c.verdict === v).length]).filter(([, n]) => n > 0);

  return (
    <section class="claims-page">
      <h1>Published claims against the ledger</h1>
      <form class="controls" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Verdict
          <select name="verdict" value={verdict} onChange={(e) => setVerdict(e.currentTarget.value)}>
            <option value="">any</option>
            {VERDICTS.map((v) => (
              <option key={v} value={v}>
                {VERDICT_TEXT[v]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Metric
          <select name="metric" value={metric} onChange={(e) => setMetric(e.currentTarget.value)}>
            <option value="">any</option>
            {metrics.map((m) => (
              <option key={m} value={m}>
                {METRIC_LABEL[m] || m}
              </option>
            ))}
          </select>
        </label>
        <label>
          Source
          <select name="source" value={source} onChange={(e) => setSource(e.currentTarget.value)}>
            <option value="">any</option>
            {sourceIds.map((id) => (
              <option key={id} value={id}>
                {sources.get(id) ? `${sourceName(sources.get(id), id)} (${id})` : id}
              </option>
            ))}
          </select>
        </label>
        <label>
          Stated from
          <input type="date" name="from" value={from} onChange={(e) => (DATE.test(e.currentTarget.value) || !e.currentTarget.value) && setFrom(e.currentTarget.value)} />
        </label>
        <label>
          Stated to
          <input type="date" name="to" value={to} onChange={(e) => (DATE.test(e.currentTarget.value) || !e.currentTarget.value) && setTo(e.currentTarget.value)} />
        </label>
        <SyntheticSwitch value={synthetic} onChange={setSynthetic} answer={note} />
        <button
          type="button"
          class="link"
          onClick={() => {
            setVerdict('');
            setMetric('');
            setSource('');
            setFrom('');
            setTo('');
          }}
        >
          Clear the filters
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <SyntheticNote synthetic={note} />
      {!claims && !error && <p>Loading the claims…</p>}
      {claims && (
        <>
          <p class="count" aria-live="polite">
            {shown.length} of {all.length} claims
            {byVerdict.length > 0 && `: ${byVerdict.map(([v, n]) => `${n} ${VERDICT_TEXT[v]}`).join(', ')}`}
          </p>
          {shown.length > 0 && <ClaimsTable claims={shown} sources={sources} fileBase={['claims', verdict, metric, source, from, to, synthetic && `synthetic-${synthetic}`].filter(Boolean).join('-')} />}
          <h2>Timelines: claims against the ledger's range</h2>
          <p class="note">
            At each stated date, the bar runs from what the ledger surely had by then to what it may have
            had; the mark is the claim (a dot for an exact number, a triangle for "over", a ring for
            "about"; "?" when the claim gives no number), coloured by verdict.
          </p>
          <ul class="legend">
            {VERDICTS.map((v) => (
              <li key={v} class={`verdict-${v}`}>
                <span class="swatch" aria-hidden="true" /> {VERDICT_TEXT[v]}
              </li>
            ))}
          </ul>
          <div class="timeline claims-timelines">
            {series.map((list) => {
              const c0 = list[0];
              const digits = c0.currency ? minorDigits(c0.currency) : 0;
              return (
                <ClaimsChart
                  key={figureKey(c0)}
                  title={`${figureLabel(c0)}${c0.currency ? ` (${c0.currency})` : ''}`}
                  format={c0.currency ? (n) => moneyFull(n, c0.currency) : number}
                  tick={(v) => short(v / 10 ** digits)}
                  points={list.map((c) => ({
                    id: c.id,
                    date: c.stated_on,
                    value: c.value ?? null,
                    qualifier: c.qualifier,
                    certain: c.ledger?.certain ?? 0,
                    possible: c.ledger?.possible ?? 0,
                    open: !!c.ledger?.lower_bound,
                    verdict: c.verdict,
                    text: claimValue(c),
                  }))}
                />
              );
            })}
          </div>
        </>
      )}
    </section>
  );
}
