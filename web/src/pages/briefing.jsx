// The briefing (issue 13, items 3 and 5): for a date and a scope of providers, the talking
// points first (each sentence with its records, sources and claims), what changed since an
// earlier date or ledger time, the figures beside the best available published figure, the
// claims stated that day with their scope and why of each verdict, and the sources
// (GET /briefing). Printable (styles.css "Print"), downloadable as Markdown and JSON (the
// server's own answers), and as PDF through the browser's print.
import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../api.js';
import {
  claimValue,
  figureKey,
  figureLabel,
  figureText,
  keysText,
  ledgerText,
  longDate,
  METRIC_LABEL,
  splitRef,
  VERDICT_TEXT,
  conversionLines,
} from '../format.js';
import { KIND_LABEL } from '../nav.js';
import { Link, navigate } from '../router.jsx';
import { CsvButton, SyntheticNote, SyntheticSwitch, syntheticParam } from '../components/data.jsx';
import { downloadFile as download, rangeColumns } from '../csv.js';
import { useSpan } from './procurement.jsx';

// Reporting currencies the briefing offers (docs/figures.md "Reporting currency"): a figure
// converts only where the ledger holds a rate for its currency, else it says which is missing.
const REPORTING_CURRENCIES = ['USD', 'EUR', 'CNY', 'GBP', 'JPY', 'CHF'];

export const PROVIDER_KINDS = ['central_government', 'local_government', 'enterprise', 'civil_society', 'red_cross'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
// Records named in a line before the rest fold under "more".
const SHOWN_REFS = 8;

// What a verdict says beside a published figure.
const PUBLISHED_VERDICT = {
  agrees: 'the ledger agrees',
  disagrees: 'the ledger disagrees',
  ledger_incomplete: 'not itemised in the ledger',
  unknown: 'number not given',
};

// A ledger time typed in a datetime-local field (read as UTC) or as ISO 8601: ISO 8601 UTC.
export function ledgerTime(text) {
  const t = text.trim();
  if (!t) return '';
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(t)) return `${t}:00Z`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(t)) return `${t}Z`;
  return t;
}

export function sourceName(s, id) {
  if (!s) return id;
  return s.outlet || s.title || s.id;
}

function RecordLinks({ refs, label = 'records' }) {
  if (!refs?.length) return null;
  const link = (ref) => {
    const [kind, id] = splitRef(ref);
    return (
      <Link href={`/records/${kind}/${encodeURIComponent(id)}`} title={KIND_LABEL[kind] || kind}>
        {id}
      </Link>
    );
  };
  const head = refs.slice(0, SHOWN_REFS);
  const rest = refs.slice(SHOWN_REFS);
  return (
    <span class="refs">
      {label}:{' '}
      {head.map((r, i) => (
        <span key={r}>
          {i ? ', ' : ''}
          {link(r)}
        </span>
      ))}
      {rest.length > 0 && ', '}
      {rest.length > 0 && (
        <details class="more">
          <summary>and {rest.length} more</summary>
          {rest.map((r, i) => (
            <span key={r}>
              {i ? ', ' : ''}
              {link(r)}
            </span>
          ))}
        </details>
      )}
    </span>
  );
}

function SourceLinks({ ids, sources }) {
  if (!ids?.length) return null;
  return (
    <span class="refs">
      sources:{' '}
      {ids.map((id, i) => {
        const s = sources.get(id);
        return (
          <span key={id}>
            {i ? '; ' : ''}
            <Link href={`/records/source/${encodeURIComponent(id)}`}>{sourceName(s, id)}</Link>
            {s?.published ? ` (${s.published})` : ''}
          </span>
        );
      })}
    </span>
  );
}

function ClaimLinks({ ids }) {
  if (!ids?.length) return null;
  return (
    <span class="refs">
      claims:{' '}
      {ids.map((id, i) => (
        <span key={id}>
          {i ? ', ' : ''}
          <Link href={`/records/claim/${encodeURIComponent(id)}`}>{id}</Link>
        </span>
      ))}
    </span>
  );
}

const VERSION_COLUMNS = [
  { header: 'kind', value: (v) => v.kind },
  { header: 'id', value: (v) => v.id },
  { header: 'version', value: (v) => v.version },
  { header: 'retired', value: (v) => (v.retired ? 'yes' : 'no') },
  { header: 'recorded at', value: (v) => v.recorded_at },
  { header: 'author', value: (v) => v.author },
  { header: 'reason', value: (v) => v.reason },
];

const figureAnchor = (f) => `fig-${figureKey(f).replace(/[^a-zA-Z0-9]+/g, '-')}`;

export function BriefingPage({ query: params }) {
  const span = useSpan();
  const [asOf, setAsOf] = useState(params.get('as_of') || '');
  const [country, setCountry] = useState(params.get('provider_country') || '');
  // What is typed, kept across renders until the field is left (a render while typing must
  // not put back the value in force).
  const [countryDraft, setCountryDraft] = useState(country);
  const [kinds, setKinds] = useState(params.getAll('provider_kind'));
  const [since, setSince] = useState(params.get('since') || '');
  const [sinceAt, setSinceAt] = useState(params.get('since_at') || '');
  const [sinceAtInput, setSinceAtInput] = useState((params.get('since_at') || '').replace(/Z$/, ''));
  const [synthetic, setSynthetic] = useState(syntheticParam(params));
  const [currency, setCurrency] = useState(params.get('currency') || '');
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (span && !asOf) setAsOf(span.latest);
  }, [span]);

  const q = { as_of: asOf, provider_country: country, provider_kind: kinds, since, since_at: sinceAt, synthetic, currency };
  const qKey = JSON.stringify(q);
  useEffect(() => {
    if (!asOf) return;
    navigate(`/briefing${query(q)}`, { replace: true });
    let live = true;
    setError(null);
    setBusy(true);
    api(`/briefing${query(q)}`)
      .then((r) => live && setData(r))
      .catch((e) => live && (setError(`${e.message}${e.field ? ` (${e.field})` : ''}`), setData(null)))
      .finally(() => live && setBusy(false));
    return () => {
      live = false;
    };
  }, [qKey]);

  const fileBase = `briefing-${asOf}${country ? `-${country}` : ''}${kinds.length ? `-${kinds.join('-')}` : ''}${synthetic ? `-synthetic-${synthetic}` : ''}${currency ? `-${currency}` : ''}`;
  const downloadMarkdown = async () => {
    try {
      const md = await api(`/briefing${query({ ...q, format: 'md' })}`);
      download(`${fileBase}.md`, typeof md === 'string' ? md : JSON.stringify(md), 'text/markdown');
    } catch (e) {
      setError(e.message);
    }
  };
  const downloadJson = () => data && download(`${fileBase}.json`, `${JSON.stringify(data, null, 2)}\n`, 'application/json');

  const sources = new Map((data?.sources || []).map((s) => [s.id, s]));

  return (
    <section class="briefing" data-ready={data && !busy ? 'true' : 'false'}>
      <h1>Briefing as of {longDate(asOf)}</h1>
      <form class="controls no-print" onSubmit={(e) => e.preventDefault()} aria-label="Date and scope">
        <label>
          As of
          <input
            type="date"
            name="as_of"
            value={asOf}
            min={span?.earliest}
            max={span?.latest}
            onChange={(e) => DATE.test(e.currentTarget.value) && setAsOf(e.currentTarget.value)}
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
                onChange={(e) => setKinds(e.currentTarget.checked ? [...kinds, k] : kinds.filter((x) => x !== k))}
              />
              {k.replace('_', ' ')}
            </label>
          ))}
        </fieldset>
        <SyntheticSwitch value={synthetic} onChange={setSynthetic} answer={data?.synthetic} />
        <label>
          Money in
          <select name="currency" value={currency} onChange={(e) => setCurrency(e.currentTarget.value)}>
            <option value="">each record's currency</option>
            {REPORTING_CURRENCIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <div class="actions downloads">
          <button type="button" onClick={downloadMarkdown} disabled={!data}>
            Download Markdown
          </button>
          <button type="button" onClick={downloadJson} disabled={!data}>
            Download JSON
          </button>
          <button type="button" onClick={() => window.print()} disabled={!data}>
            PDF (print)
          </button>
        </div>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
          {(since || sinceAt) && (
            <>
              {' '}
              <button
                type="button"
                class="link"
                onClick={() => {
                  setSince('');
                  setSinceAt('');
                  setSinceAtInput('');
                }}
              >
                Drop the comparison
              </button>
            </>
          )}
        </p>
      )}
      {data && (
        <>
          <p class="scope-line">
            <strong>Scope:</strong> {data.scope || 'every provider'}
            {data.period ? ` · export period ${data.period}` : ''} · ledger time {data.at || 'now'}
            {data.currency ? ` · money in ${data.currency}, at the ledger's exchange rates` : ''}
          </p>
          <SyntheticNote synthetic={data.synthetic} />
          <TalkingPoints points={data.talking_points || []} sources={sources} />
          <Changes
            data={data}
            asOf={asOf}
            since={since}
            setSince={(v) => {
              setSinceAt('');
              setSinceAtInput('');
              setSince(v);
            }}
            sinceAtInput={sinceAtInput}
            setSinceAtInput={setSinceAtInput}
            applySinceAt={(v) => {
              setSince('');
              setSinceAt(v);
            }}
          />
          <Figures data={data} sources={sources} fileBase={fileBase} />
          <DayClaims claims={data.claims || []} sources={sources} asOf={asOf} fileBase={fileBase} />
          <Sources sources={data.sources || []} />
        </>
      )}
      {!data && !error && <p>Loading the briefing…</p>}
    </section>
  );
}

function TalkingPoints({ points, sources }) {
  const jump = (f) => (e) => {
    e.preventDefault();
    document.getElementById(figureAnchor(f))?.scrollIntoView({ block: 'center' });
  };
  return (
    <section class="talking-points" aria-labelledby="tp-title">
      <h2 id="tp-title">Talking points</h2>
      {points.length === 0 && <p>No talking point for this date and scope.</p>}
      <ol>
        {points.map((p, i) => (
          <li key={i} data-topic={p.topic}>
            <p class="point">{p.text}</p>
            <small class="point-refs">
              {p.figures?.length > 0 && (
                <span class="refs">
                  figures:{' '}
                  {p.figures.map((f, j) => (
                    <span key={j}>
                      {j ? ', ' : ''}
                      <a href={`#${figureAnchor(f)}`} onClick={jump(f)}>
                        {figureLabel(f)}
                      </a>
                    </span>
                  ))}
                </span>
              )}
              <RecordLinks refs={p.records} />
              <ClaimLinks ids={p.claims} />
              <SourceLinks ids={p.sources} sources={sources} />
            </small>
          </li>
        ))}
      </ol>
    </section>
  );
}

function changeKeysText(c) {
  return keysText(c) || METRIC_LABEL[c.metric] || c.metric;
}

function Changes({ data, asOf, since, setSince, sinceAtInput, setSinceAtInput, applySinceAt }) {
  const [sinceInput, setSinceInput] = useState(since);
  useEffect(() => setSinceInput(since), [since]);
  const changes = data.changes || [];
  const baseline = data.baseline;
  return (
    <section class="changes" aria-labelledby="changes-title">
      <h2 id="changes-title">
        {baseline?.as_of
          ? `What changed since ${longDate(baseline.as_of)}`
          : baseline?.at
            ? `What changed since ledger time ${baseline.at}`
            : 'What changed'}
      </h2>
      <div class="change-forms no-print">
        <form
          class="inline-form"
          aria-label="Since an earlier date"
          onSubmit={(e) => {
            e.preventDefault();
            if (!sinceInput || DATE.test(sinceInput)) setSince(sinceInput);
          }}
        >
          <label>
            Since the briefing of
            <input type="date" name="since" value={sinceInput} max={asOf} onInput={(e) => setSinceInput(e.currentTarget.value)} />
          </label>
          <button type="submit">Compare dates</button>
        </form>
        <form
          class="inline-form"
          aria-label="Since an earlier ledger time"
          onSubmit={(e) => {
            e.preventDefault();
            applySinceAt(ledgerTime(sinceAtInput));
          }}
        >
          <label>
            Why did a figure change: since ledger time (UTC)
            <input
              type="datetime-local"
              name="since_at"
              step="1"
              value={sinceAtInput}
              onInput={(e) => setSinceAtInput(e.currentTarget.value)}
            />
          </label>
          <button type="submit">Compare ledger times</button>
        </form>
      </div>
      {!baseline && (
        <p class="note">
          Pick the date of the last briefing to see what changed since, or a ledger time to see which
          records added, edited or retired since then moved the figures (with author and reason).
        </p>
      )}
      {baseline && changes.length === 0 && <p>No figure changed.</p>}
      {changes.length > 0 && (
        <ul class="change-list">
          {changes.map((c, i) => {
            const added = !c.before && c.after;
            const removed = c.before && !c.after;
            return (
              <li key={i} data-metric={c.metric} data-key={figureKey(c)}>
                <span class="what">{figureLabel(c)}</span>:{' '}
                <span class="before">{c.before ? figureText(c.before) : 'none'}</span> →{' '}
                <span class="after">{c.after ? figureText(c.after) : 'none'}</span>
                {added && keysText(c) && <strong class="tag added"> {changeKeysText(c)} added</strong>}
                {removed && keysText(c) && <strong class="tag removed"> {changeKeysText(c)} removed</strong>}
                <small class="point-refs">
                  <RecordLinks refs={c.added} label="records added" />
                  <RecordLinks refs={c.removed} label="records removed" />
                </small>
                {c.versions?.length > 0 && (
                  <>
                    <div class="table-tools">
                      <CsvButton name={`versions-${figureKey(c)}`} columns={VERSION_COLUMNS} rows={c.versions} />
                    </div>
                    <table class="data versions">
                      <caption>Versions written since {baseline?.at || 'then'}</caption>
                      <thead>
                        <tr>
                          <th scope="col">Record</th>
                          <th scope="col">Version</th>
                          <th scope="col">Recorded at</th>
                          <th scope="col">Author</th>
                          <th scope="col">Reason</th>
                        </tr>
                      </thead>
                      <tbody>
                        {c.versions.map((v) => (
                          <tr key={`${v.kind}/${v.id}/${v.version}`}>
                            <td>
                              <Link href={`/records/${v.kind}/${encodeURIComponent(v.id)}`}>
                                {v.kind}/{v.id}
                              </Link>
                            </td>
                            <td class="num">
                              {v.version}
                              {v.retired ? ' (retired)' : ''}
                            </td>
                            <td class="nowrap">{v.recorded_at}</td>
                            <td>{v.author}</td>
                            <td>{v.reason}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function PublishedCell({ claim, sources }) {
  if (!claim) return <span class="note">none published</span>;
  const s = sources.get(claim.source);
  return (
    <span class={`published verdict-${claim.verdict}`}>
      <strong>{claimValue(claim)}</strong>
      {' · '}
      <Link href={`/records/source/${encodeURIComponent(claim.source)}`}>{sourceName(s, claim.source)}</Link>
      {`, ${longDate(claim.stated_on)}`}
      {claim.period ? ` (period ${claim.period})` : claim.as_of ? ` (as of ${longDate(claim.as_of)})` : ''}
      {' · '}
      <span class="verdict">{PUBLISHED_VERDICT[claim.verdict] || claim.verdict}</span>
      {claim.why && <small class="why">{claim.why}</small>}
    </span>
  );
}

// The figures table's rows as the CSV file holds them: a ledger figure with its published
// figure, or a published figure the ledger does not itemise.
const FIGURE_COLUMNS = [
  { header: 'figure', value: (r) => figureLabel(r.f || r.c) },
  { header: 'metric', value: (r) => (r.f || r.c).metric },
  ...rangeColumns(
    'ledger',
    (r) => (r.f ? r.f : { certain: r.c.ledger?.certain, possible: r.c.ledger?.possible, currency: r.c.currency }),
    (r) => (r.f ? figureText(r.f) : ledgerText(r.c)),
  ),
  { header: 'best available published figure', value: (r) => (r.c ? claimValue(r.c) : 'none published') },
  { header: 'published figure (minor units for money)', value: (r) => r.c?.value },
  { header: 'published by', value: (r) => r.c?.source },
  { header: 'published on', value: (r) => r.c?.stated_on },
  { header: 'verdict', value: (r) => (r.c ? PUBLISHED_VERDICT[r.c.verdict] || r.c.verdict : '') },
  { header: 'records', value: (r) => (r.f ? r.f.records.length : r.c.ledger?.records?.length ?? 0) },
  { header: 'records possibly by the date', value: (r) => (r.f ? r.f.uncertain?.length ?? 0 : '') },
];

export const CLAIM_COLUMNS = [
  { header: 'id', value: (c) => c.id },
  { header: 'stated', value: (c) => c.stated_on },
  { header: 'claim', value: (c) => claimValue(c) },
  { header: 'claimed value (minor units for money)', value: (c) => c.value },
  { header: 'currency', value: (c) => c.currency },
  { header: 'figure', value: (c) => figureLabel(c) },
  { header: 'metric', value: (c) => c.metric },
  { header: 'scope', value: (c) => c.scope },
  { header: 'as of', value: (c) => c.as_of },
  { header: 'period', value: (c) => c.period },
  { header: 'source', value: (c) => c.source },
  { header: 'quote', value: (c) => c.excerpt },
  { header: 'verdict', value: (c) => VERDICT_TEXT[c.verdict] || c.verdict },
  { header: 'weak', value: (c) => (c.weak ? 'yes' : 'no') },
  ...rangeColumns('ledger', (c) => ({ certain: c.ledger?.certain, possible: c.ledger?.possible, currency: c.currency }), (c) => ledgerText(c)),
  { header: 'why', value: (c) => c.why },
];

function Figures({ data, sources, fileBase }) {
  const published = new Map();
  // In a reporting currency, a money figure meets the published figures of its keys in any
  // currency (each shown as stated).
  const keyOf = (c) => figureKey(data.currency && c.currency ? { ...c, currency: data.currency } : c);
  for (const c of data.published || []) published.set(keyOf(c), c);
  const figures = data.figures || [];
  const seen = new Set(figures.map(figureKey));
  // Published figures with no ledger figure of their metric and keys: the ledger itemises
  // nothing of them (the claim's own ledger range says what it has).
  const orphans = (data.published || []).filter((c) => !seen.has(keyOf(c)));
  const rows = [...figures.map((f) => ({ f, c: published.get(figureKey(f)) })), ...orphans.map((c) => ({ c }))];
  return (
    <section class="figures-table" aria-labelledby="figures-title">
      <h2 id="figures-title">Figures and the best available published figure</h2>
      <div class="table-tools">
        <CsvButton name={`${fileBase}-figures`} columns={FIGURE_COLUMNS} rows={rows} />
      </div>
      <div class="table-wrap">
        <table class="data briefing-figures">
          <thead>
            <tr>
              <th scope="col">Figure</th>
              <th scope="col">Ledger</th>
              <th scope="col">Best available published figure</th>
              <th scope="col">Records</th>
            </tr>
          </thead>
          <tbody>
            {figures.map((f) => {
              const key = figureKey(f);
              return (
                <tr key={key} id={figureAnchor(f)} data-key={key} data-metric={f.metric}>
                  <th scope="row">{figureLabel(f)}</th>
                  <td class="value">
                    {figureText(f)}
                    {conversionLines(f).map((line) => (
                      <small key={line.id} class="conversion">
                        converted: {line.text}
                        {line.sources.length ? `; source ${line.sources.join(', ')}` : ''}
                      </small>
                    ))}
                  </td>
                  <td>
                    <PublishedCell claim={published.get(key)} sources={sources} />
                  </td>
                  <td class="num">
                    {f.records.length}
                    {f.uncertain?.length ? ` (${f.uncertain.length} possibly)` : ''}
                  </td>
                </tr>
              );
            })}
            {orphans.map((c) => (
              <tr key={c.id} id={figureAnchor(c)} data-key={figureKey(c)} data-metric={c.metric}>
                <th scope="row">{figureLabel(c)}</th>
                <td class="value">{ledgerText(c)}</td>
                <td>
                  <PublishedCell claim={c} sources={sources} />
                </td>
                <td class="num">{c.ledger?.records?.length ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

// Which other sources state the same figure on the same day: the same number ("also stated
// by") or another one ("another number from"), from GET /claims's corroboration.
function Corroboration({ k, sources }) {
  if (!k || (!k.agreeing_claims.length && !k.contradicting_claims.length)) return null;
  const names = (ids) => ids.map((id) => sourceName(sources.get(id), id)).join(', ');
  const others = k.supported_by.slice(1);
  return (
    <small class="corroboration" data-sources={k.supported_by.length}>
      {others.length > 0 && <> Also stated by {names(others)}.</>}
      {k.contradicted_by.length > 0 && <> Another number from {names(k.contradicted_by)}.</>}
      {k.contradicting_claims.length > 0 && k.contradicted_by.length === 0 && <> The same sources also give another number.</>}
    </small>
  );
}

export function ClaimRow({ c, sources }) {
  const s = sources.get(c.source);
  return (
    <tr
      class={`verdict-${c.verdict}`}
      data-claim={c.id}
      data-verdict={c.verdict}
      data-metric={c.metric}
      data-source={c.source}
      data-stated={c.stated_on}
    >
      <td class="nowrap">{c.stated_on}</td>
      <th scope="row">
        <Link href={`/records/claim/${encodeURIComponent(c.id)}`}>{claimValue(c)}</Link>
        <small class="what"> {figureLabel(c)}</small>
      </th>
      <td>
        {c.scope}
        {c.period ? <small class="period"> · period {c.period}</small> : c.as_of ? <small class="period"> · as of {c.as_of}</small> : ''}
      </td>
      <td>
        <Link href={`/records/source/${encodeURIComponent(c.source)}`}>{sourceName(s, c.source)}</Link>
        <q class="excerpt">{c.excerpt}</q>
        <Corroboration k={c.corroboration} sources={sources} />
      </td>
      <td>
        <span class="verdict">{VERDICT_TEXT[c.verdict] || c.verdict}</span>
        {c.weak && <small class="weak"> (a wide range)</small>}
        <small class="ledger"> ledger: {ledgerText(c)}</small>
      </td>
      <td class="why">{c.why}</td>
    </tr>
  );
}

export function ClaimsTable({ claims, sources, caption, fileBase = 'claims' }) {
  return (
    <>
      <div class="table-tools">
        <CsvButton name={fileBase} columns={CLAIM_COLUMNS} rows={claims} />
      </div>
      <div class="table-wrap">
        <table class="data claims-table">
          {caption && <caption>{caption}</caption>}
          <thead>
            <tr>
              <th scope="col">Stated</th>
              <th scope="col">Claim</th>
              <th scope="col">Scope</th>
              <th scope="col">Source and quote</th>
              <th scope="col">Verdict</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {claims.map((c) => (
              <ClaimRow key={c.id} c={c} sources={sources} />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function DayClaims({ claims, sources, asOf, fileBase }) {
  return (
    <section class="day-claims" aria-labelledby="day-claims-title">
      <h2 id="day-claims-title">Claims stated on {longDate(asOf)}</h2>
      {claims.length === 0 ? <p>No claim stated on this date.</p> : <ClaimsTable claims={claims} sources={sources} fileBase={`${fileBase}-claims`} />}
    </section>
  );
}

function Sources({ sources }) {
  return (
    <section class="sources-list" aria-labelledby="sources-title">
      <h2 id="sources-title">Sources</h2>
      {sources.length === 0 && <p>No source.</p>}
      <ul>
        {sources.map((s) => (
          <li key={s.id}>
            <Link href={`/records/source/${encodeURIComponent(s.id)}`}>{s.id}</Link>: {s.outlet || 'outlet unknown'},{' '}
            {s.title ? <q>{s.title}</q> : 'untitled'}, {s.published || 'date unknown'}
            {s.file ? <small class="mono"> [{s.file}]</small> : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}
