// Procurement (issue 6, item 4): certified manufacturers with their certificates (GET
// /records/manufacturer, searched, sorted and paged on the server), buyers with contracts signed
// or in talks over the ledger's span (GET /figures at sampled dates), needs per recipient (GET
// /needs) and, for one request, the manufacturers recommended and excluded (GET
// /requests/{id}/recommendations).
import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../api.js';
import { SeriesChart } from '../components/charts.jsx';
import { addDays, daysBetween, number } from '../format.js';
import { Link, navigate } from '../router.jsx';
import { CsvButton, SyntheticBadge, SyntheticNote, SyntheticSwitch, syntheticParam } from '../components/data.jsx';

const PAGE_SIZES = [10, 25, 50];
// At most this many dates sampled over the span: one /figures request each, as the overview's
// timeline does.
const CONTRACT_SAMPLES = 24;
const CONTRACT_METRICS = [
  'contracts.signed.countries',
  'contracts.in_talks.countries',
  'contracts.signed.organisations',
  'contracts.in_talks.organisations',
];
// Figures split by these keys are parts of a metric; its total row has none of them.
const SPLIT_KEYS = ['host_country', 'provider_kind', 'recipient', 'product'];

export const VERDICT_WORDS = {
  cleared: 'cleared',
  not_listed: 'not listed',
  delisted: 'delisted',
  certificate_expired: 'certificate expired',
  certificate_not_yet_valid: 'certificate not yet valid',
  product_not_covered: 'product not covered',
  unknown_product: 'unknown product',
  non_compliant: 'on the non-compliant list',
};

// The ledger's span of event dates (GET /health), or a fallback when the server has none.
export function useSpan() {
  const [span, setSpan] = useState(null);
  useEffect(() => {
    const today = new Date().toISOString().slice(0, 10);
    api('/health')
      .then((h) => setSpan(h.events || { earliest: today, latest: today }))
      .catch(() => setSpan({ earliest: today, latest: today }));
  }, []);
  return span;
}

// Party names, fetched once per party (a page of a table asks for at most its own rows').
const names = new Map();
export function useNames(ids) {
  const [, setTick] = useState(0);
  const key = ids.join(',');
  useEffect(() => {
    const missing = [...new Set(ids)].filter((id) => id && !names.has(id));
    if (!missing.length) return;
    let live = true;
    for (const id of missing) names.set(id, null);
    Promise.all(
      missing.map((id) =>
        api(`/records/party/${encodeURIComponent(id)}`)
          .then((r) => names.set(id, r.record?.name || null))
          .catch(() => {}),
      ),
    ).then(() => live && setTick((n) => n + 1));
    return () => {
      live = false;
    };
  }, [key]);
  return (id) => names.get(id) || null;
}

function PartyName({ id, name }) {
  return (
    <>
      {name ? <span>{name} </span> : null}
      <small class="mono">{id}</small>
    </>
  );
}

// A quantity range of GET /needs as words: a known number, a range, "at least" when some
// quantities are unknown, "unknown" when all are; never 0 for an unknown.
export function quantityText(q) {
  if (!q) return '';
  const unknown = (q.unknown_values || []).length;
  if (unknown && q.possible === 0) return 'unknown';
  if (unknown) return `at least ${number(q.certain)}`;
  if (q.certain === q.possible) return number(q.certain);
  return `${number(q.certain)}–${number(q.possible)}`;
}

export function gapText(g) {
  if (!g) return '';
  if (g.unknown) return 'unknown';
  if (g.max === null || g.max === undefined) return `at least ${number(g.min)}`;
  if (g.min === g.max) return number(g.min);
  return `${number(g.min)}–${number(g.max)}`;
}

// Quantity ranges of GET /needs in a CSV file: as the table shows them, then both ends.
function quantityColumns(header, get) {
  return [
    { header, value: (r) => quantityText(get(r)) },
    { header: `${header}: surely`, value: (r) => get(r)?.certain },
    { header: `${header}: possibly`, value: (r) => get(r)?.possible },
  ];
}
function gapColumns(get) {
  return [
    { header: 'gap', value: (r) => (get(r) ? gapText(get(r)) : '') },
    { header: 'gap: at least', value: (r) => get(r)?.min },
    { header: 'gap: at most (empty: no bound)', value: (r) => get(r)?.max },
  ];
}
const certificateText = (c) =>
  `${c.scheme.replace(/_/g, ' ')} ${c.number} · ${c.category} · valid ${c.valid_from} to ${c.valid_to || 'open-ended'}`;

export function ProcurementPage({ query: params }) {
  const span = useSpan();
  // Counted by the contracts chart and the needs (issue 14); the address keeps it.
  const [synthetic, setSynthetic] = useState(syntheticParam(params));
  // The contracts' figures answer says what the mode counted (the switch's default label).
  const [counted, setCounted] = useState(null);
  useEffect(() => {
    navigate(`/procurement${query({ synthetic })}`, { replace: true });
  }, [synthetic]);
  return (
    <section class="procurement">
      <h1>Procurement</h1>
      <p class="note">
        Who may sell: the certified manufacturers. Who buys: buyers with contracts signed or in talks.
        What is still needed: requests and what has reached each recipient.
      </p>
      <nav class="toc" aria-label="On this page">
        <a href="#manufacturers">Certified manufacturers</a> · <a href="#contracts">Contracts over time</a> ·{' '}
        <a href="#needs">Needs per recipient</a>
      </nav>
      <form class="controls" onSubmit={(e) => e.preventDefault()} aria-label="What the contracts and needs count">
        <SyntheticSwitch value={synthetic} onChange={setSynthetic} answer={counted} />
      </form>
      <Manufacturers />
      <h2 id="contracts">Contracts over time</h2>
      {span ? <ContractsChart span={span} synthetic={synthetic} onCounted={setCounted} /> : <p>Loading…</p>}
      <h2 id="needs">Needs per recipient</h2>
      {span ? <Needs span={span} synthetic={synthetic} /> : <p>Loading…</p>}
    </section>
  );
}

function Manufacturers() {
  const [form, setForm] = useState({ search: '', filter: '', sort: 'party', limit: 10 });
  const [cursors, setCursors] = useState(['']);
  const [page, setPage] = useState(null);
  const [error, setError] = useState(null);
  const cursor = cursors[cursors.length - 1];
  useEffect(() => {
    let live = true;
    setError(null);
    api(`/records/manufacturer${query({ ...form, cursor })}`)
      .then((r) => live && setPage(r))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [form, cursor]);
  const rows = page?.records || [];
  const nameOf = useNames(rows.map((r) => r.record.party));

  return (
    <>
      <h2 id="manufacturers">Certified manufacturers</h2>
      <form
        class="table-controls"
        role="search"
        aria-label="Manufacturers"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          setCursors(['']);
          setForm({
            search: f.get('search'),
            filter: f.get('filter'),
            sort: f.get('sort'),
            limit: Number(f.get('limit')),
          });
        }}
      >
        <label>
          Search manufacturers
          <input type="search" name="search" placeholder="party, number, category…" />
        </label>
        <label>
          Filter
          <input name="filter" placeholder="FIELD=VALUE, e.g. listed_by=cn" />
        </label>
        <label>
          Sort by
          <select name="sort" defaultValue="party">
            <option value="party">party</option>
            <option value="-listed_on">listed, latest first</option>
            <option value="listed_on">listed, earliest first</option>
            <option value="-delisted_on">delisted, latest first</option>
          </select>
        </label>
        <label>
          Per page
          <select name="limit" defaultValue="10">
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Apply</button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error.status === 401 ? (
            <>
              Records are not public on this server: <Link href="/signin?next=/procurement">sign in</Link>.
            </>
          ) : (
            `${error.field ? `${error.field}: ` : ''}${error.message}`
          )}
        </p>
      )}
      {page && !error && (
        <>
          <p class="count" aria-live="polite">
            {page.total !== undefined ? `${number(page.total)} listings` : `${rows.length} on this page`}
            {rows.length === 0 ? ': none in this ledger' : ''}
          </p>
          {rows.length > 0 && (
            <div class="table-tools">
              <CsvButton
                name={`manufacturers${form.search ? `-${form.search}` : ''}${cursors.length > 1 ? '-page' : ''}`}
                label="Download CSV (this page)"
                rows={rows}
                columns={[
                  { header: 'id', value: (r) => r.id },
                  { header: 'manufacturer', value: (r) => nameOf(r.record.party) || r.record.party },
                  { header: 'party', value: (r) => r.record.party },
                  { header: 'listed', value: (r) => r.record.listed_on },
                  { header: 'delisted', value: (r) => r.record.delisted_on },
                  { header: 'certificates', value: (r) => (r.record.certificates || []).map(certificateText).join('; ') },
                  { header: 'synthetic', value: (r) => (r.record.synthetic ? 'yes' : 'no') },
                ]}
              />
            </div>
          )}
          {rows.length > 0 && (
            <div class="table-wrap">
              <table class="data manufacturers cards">
                <caption>
                  One row per listing (a manufacturer listed again after a delisting has two); its certificates
                  with scheme, number, product category and validity.
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Manufacturer</th>
                    <th scope="col">Listed</th>
                    <th scope="col">Delisted</th>
                    <th scope="col">Certificates</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.id}>
                      <th scope="row">
                        <Link href={`/records/manufacturer/${encodeURIComponent(r.id)}`}>
                          {nameOf(r.record.party) || r.record.party}
                        </Link>
                        <SyntheticBadge record={r.record} />
                        <br />
                        <small class="mono">{r.record.party}</small>
                      </th>
                      <td class="nowrap" data-label="Listed">
                        {r.record.listed_on}
                      </td>
                      <td class="nowrap" data-label="Delisted">
                        {r.record.delisted_on || '—'}
                      </td>
                      <td data-label="Certificates">
                        <ul class="certs">
                          {(r.record.certificates || []).map((c) => (
                            <li key={`${c.scheme}-${c.number}`}>
                              <span class="cert-scheme">{c.scheme.replace(/_/g, ' ')}</span>{' '}
                              <span class="mono">{c.number}</span> · {c.category} · valid {c.valid_from} to{' '}
                              {c.valid_to || 'open-ended'}
                            </li>
                          ))}
                        </ul>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {(rows.length > 0 || cursors.length > 1) && (
            <div class="pager">
              <button type="button" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>
                Previous
              </button>
              <button
                type="button"
                disabled={!page.next_cursor}
                onClick={() => setCursors([...cursors, page.next_cursor])}
              >
                Next
              </button>
            </div>
          )}
        </>
      )}
    </>
  );
}

// The contract figures' total rows of one /figures answer.
function pick(answer, metric) {
  const f = (answer.figures || []).find((x) => x.metric === metric && !SPLIT_KEYS.some((k) => k in x));
  return { certain: f ? f.certain : 0, possible: f ? f.possible : 0 };
}

function ContractsChart({ span, synthetic, onCounted }) {
  const [series, setSeries] = useState(null);
  const [note, setNote] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    const days = Math.max(1, daysBetween(span.earliest, span.latest));
    const step = Math.max(1, Math.ceil(days / (CONTRACT_SAMPLES - 1)));
    const dates = [];
    for (let d = 0; d < days; d += step) dates.push(addDays(span.earliest, d));
    dates.push(span.latest);
    let live = true;
    setSeries(null);
    Promise.all(dates.map((date) => api(`/figures${query({ as_of: date, metric: CONTRACT_METRICS, synthetic })}`)))
      .then((answers) => {
        if (!live) return;
        setNote(answers[answers.length - 1]?.synthetic || null);
        onCounted?.(answers[answers.length - 1]?.synthetic || null);
        const build = (metric) => answers.map((a, i) => ({ date: dates[i], ...pick(a, metric) }));
        setSeries(Object.fromEntries(CONTRACT_METRICS.map((m) => [m, build(m)])));
      })
      .catch((e) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [span.earliest, span.latest, synthetic]);
  if (error) {
    return (
      <p class="error" role="alert">
        {error}
      </p>
    );
  }
  if (!series) return <p>Loading the contracts…</p>;
  const none = CONTRACT_METRICS.every((m) => series[m].every((p) => p.possible === 0));
  return (
    <div class="contracts">
      <SyntheticNote synthetic={note} />
      <p class="note">
        Buyers, each counted once: signed when any of its contracts is signed or delivered by the date, in
        talks when one is in talks and none is signed. A band runs from what surely happened to what may have.
      </p>
      {none && <p class="note">No buyer with a contract signed or in talks in this ledger's span.</p>}
      {!none && (
        <div class="timeline">
          <SeriesChart
            title="Countries and regions buying"
            series={[
              { label: 'signed', cls: 's-signed', points: series['contracts.signed.countries'] },
              { label: 'in talks', cls: 's-talks', points: series['contracts.in_talks.countries'] },
            ]}
          />
          <SeriesChart
            title="Organisations buying"
            series={[
              { label: 'signed', cls: 's-signed', points: series['contracts.signed.organisations'] },
              { label: 'in talks', cls: 's-talks', points: series['contracts.in_talks.organisations'] },
            ]}
          />
        </div>
      )}
    </div>
  );
}

function Needs({ span, synthetic }) {
  const [asOf, setAsOf] = useState(span.latest);
  const [answer, setAnswer] = useState(null);
  const [error, setError] = useState(null);
  const [recipient, setRecipient] = useState('');
  useEffect(() => {
    let live = true;
    setError(null);
    api(`/needs${query({ as_of: asOf, synthetic })}`)
      .then((r) => {
        if (!live) return;
        setAnswer(r);
        // The first recipient that asked for something, unless the chosen one is still there.
        if (!r.recipients.some((x) => x.recipient === recipient)) {
          const asked = r.recipients.find((x) => x.requests.length > 0) || r.recipients[0];
          setRecipient(asked?.recipient || '');
        }
      })
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [asOf, synthetic]);
  const list = answer?.recipients || [];
  const r = list.find((x) => x.recipient === recipient);
  return (
    <div class="needs">
      <form class="controls" onSubmit={(e) => e.preventDefault()} aria-label="Needs as of a date">
        <label>
          Needs as of
          <input
            type="date"
            name="needs_as_of"
            value={asOf}
            onChange={(e) => e.currentTarget.value && setAsOf(e.currentTarget.value)}
          />
        </label>
        <label>
          Recipient
          <select name="recipient" value={recipient} onChange={(e) => setRecipient(e.currentTarget.value)}>
            {list.map((x) => (
              <option key={x.recipient} value={x.recipient}>
                {x.name ? `${x.name} (${x.recipient})` : x.recipient}
                {x.requests.length ? ` · ${x.requests.length} request${x.requests.length === 1 ? '' : 's'}` : ''}
              </option>
            ))}
          </select>
        </label>
      </form>
      {error && (
        <p class="error" role="alert">
          {error.status === 401 ? (
            <>
              Needs are not public on this server: <Link href="/signin?next=/procurement">sign in</Link>.
            </>
          ) : (
            error.message
          )}
        </p>
      )}
      {answer && !error && <SyntheticNote synthetic={answer.synthetic} />}
      {answer && !error && list.length === 0 && <p>No request made by {asOf}.</p>}
      {r && <RecipientNeeds r={r} asOf={answer.as_of} />}
    </div>
  );
}

function RecipientNeeds({ r, asOf }) {
  return (
    <div class="recipient-needs">
      <h3>
        {r.name || r.recipient}, as of {asOf}
      </h3>
      {r.items.length === 0 && (
        <p class="note">No donated items asked for: the requests below ask for teams or for help to buy.</p>
      )}
      {r.items.length > 0 && (
        <div class="table-tools">
          <CsvButton
            name={`needs-${r.recipient}-${asOf}`}
            rows={r.items}
            columns={[
              { header: 'item', value: (i) => i.item_name || i.item || 'items not reported' },
              { header: 'item id', value: (i) => i.item },
              { header: 'unit', value: (i) => i.unit },
              ...quantityColumns('requested', (i) => i.requested),
              ...quantityColumns('pledged', (i) => i.pledged),
              ...quantityColumns('shipped', (i) => i.shipped),
              ...quantityColumns('delivered', (i) => i.delivered),
              ...gapColumns((i) => i.gap),
            ]}
          />
        </div>
      )}
      {r.items.length > 0 && (
        <div class="table-wrap">
          <table class="data needs-items cards">
            <caption>
              Quantities as ranges (surely–possibly by the date); "at least" when some quantities are not known,
              "unknown" when none is.
            </caption>
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col" class="num">
                  Requested
                </th>
                <th scope="col" class="num">
                  Pledged
                </th>
                <th scope="col" class="num">
                  Shipped
                </th>
                <th scope="col" class="num">
                  Delivered
                </th>
                <th scope="col" class="num">
                  Gap
                </th>
              </tr>
            </thead>
            <tbody>
              {r.items.map((i) => (
                <tr key={i.item || '-'}>
                  <th scope="row">
                    {i.item_name || i.item || 'items not reported'}
                    {i.unit ? <small> ({i.unit})</small> : null}
                  </th>
                  <td data-label="Requested" class="num">{quantityText(i.requested)}</td>
                  <td data-label="Pledged" class="num">{quantityText(i.pledged)}</td>
                  <td data-label="Shipped" class="num">{quantityText(i.shipped)}</td>
                  <td data-label="Delivered" class="num">{quantityText(i.delivered)}</td>
                  <td data-label="Gap" class="num gap">{gapText(i.gap)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {r.teams_sent && <p>Medical teams sent: {quantityText(r.teams_sent)}</p>}
      <h4>Requests, largest gap first</h4>
      {r.requests.length === 0 && <p>No request from {r.name || r.recipient} by this date.</p>}
      {r.requests.length > 0 && (
        <div class="table-tools">
          <CsvButton
            name={`requests-${r.recipient}-${asOf}`}
            rows={r.requests}
            columns={[
              { header: 'rank', value: (q) => q.rank },
              { header: 'request', value: (q) => q.id },
              { header: 'surely by this date', value: (q) => (q.certain ? 'yes' : 'no') },
              { header: 'kind', value: (q) => q.request_kind.replace(/_/g, ' ') },
              { header: 'asked on', value: (q) => q.asked_on },
              { header: 'outcome', value: (q) => q.outcome.replace(/_/g, ' ') },
              ...gapColumns((q) => q.gap),
            ]}
          />
        </div>
      )}
      {r.requests.length > 0 && (
        <div class="table-wrap">
          <table class="data requests cards">
            <thead>
              <tr>
                <th scope="col" class="num">
                  #
                </th>
                <th scope="col">Request</th>
                <th scope="col">Kind</th>
                <th scope="col">Asked on</th>
                <th scope="col">Outcome</th>
                <th scope="col" class="num">
                  Gap
                </th>
                <th scope="col">Manufacturers</th>
              </tr>
            </thead>
            <tbody>
              {r.requests.map((q) => (
                <tr key={q.id}>
                  <td data-label="Rank" class="num">{q.rank}</td>
                  <th scope="row">
                    <Link href={`/records/request/${encodeURIComponent(q.id)}`}>{q.id}</Link>
                    {!q.certain && <small> (may not count by this date)</small>}
                  </th>
                  <td data-label="Kind">{q.request_kind.replace(/_/g, ' ')}</td>
                  <td data-label="Asked on" class="nowrap">{q.asked_on}</td>
                  <td data-label="Outcome">{q.outcome.replace(/_/g, ' ')}</td>
                  <td data-label="Gap" class="num">{q.gap ? gapText(q.gap) : '—'}</td>
                  <td data-label="Manufacturers">
                    {q.request_kind === 'team' ? (
                      '—'
                    ) : (
                      <Link
                        href={`/procurement/requests/${encodeURIComponent(q.id)}`}
                        aria-label={`Recommended manufacturers for ${q.id}`}
                      >
                        recommended
                      </Link>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

// "product not covered: 45 · not listed: 3": how many were excluded for each reason.
function reasonCounts(excluded) {
  const n = new Map();
  for (const m of excluded) n.set(m.verdict, (n.get(m.verdict) || 0) + 1);
  return [...n.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([v, k]) => `${VERDICT_WORDS[v] || v}: ${k}`)
    .join(' · ');
}

// One request's recommendations: per product category, the manufacturers whose listing and
// certificate clear on the day judged, and every other one with the reason it is excluded.
export function RecommendationsPage({ id }) {
  const [rec, setRec] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    api(`/requests/${encodeURIComponent(id)}/recommendations`).then(setRec).catch(setError);
  }, [id]);
  const parties = rec ? rec.categories.flatMap((c) => [...c.recommended, ...c.excluded]) : [];
  const nameOf = useNames(parties.filter((m) => !m.name).map((m) => m.party));
  const name = (m) => m.name || nameOf(m.party);
  return (
    <section class="recommendations">
      <p class="crumbs">
        <Link href="/procurement">Procurement</Link> › request {id}
      </p>
      <h1>Manufacturers for request {id}</h1>
      {error && (
        <p class="error" role="alert">
          {error.status === 401 ? (
            <>
              Recommendations are not public on this server:{' '}
              <Link href={`/signin?next=/procurement/requests/${encodeURIComponent(id)}`}>sign in</Link>.
            </>
          ) : (
            error.message
          )}
        </p>
      )}
      {!rec && !error && <p>Loading…</p>}
      {rec && (
        <>
          <p class="meta">
            Asked by <PartyName id={rec.requester} name={rec.requester_name} /> on {rec.asked_on} (
            {rec.request_kind.replace(/_/g, ' ')}); judged on {rec.judged_on}, the first day the request surely
            existed. <Link href={`/records/request/${encodeURIComponent(id)}`}>The request's record</Link>.
          </p>
          {rec.names_no_items && <p class="note">The request names no items: nothing to match.</p>}
          {rec.uncategorised_items.length > 0 && (
            <p class="note">Items with no product category, not matched: {rec.uncategorised_items.join(', ')}.</p>
          )}
          {rec.categories.map((c) => (
            <section key={c.category} class="category" aria-labelledby={`cat-${c.category}`}>
              <h2 id={`cat-${c.category}`}>
                {c.category} <small>(items: {c.items.join(', ')})</small>
              </h2>
              <h3>Recommended ({c.recommended.length})</h3>
              {c.recommended.length === 0 ? (
                <p>No manufacturer clears for {c.category} on {rec.judged_on}.</p>
              ) : (
                <>
                  <div class="table-tools">
                    <CsvButton
                      name={`recommended-${id}-${c.category}`}
                      rows={c.recommended}
                      columns={[
                        { header: 'manufacturer', value: (m) => name(m) || '' },
                        { header: 'party', value: (m) => m.party },
                        { header: 'certificate', value: (m) => (m.certificate ? certificateText(m.certificate) : '') },
                        { header: 'listed', value: (m) => m.listed_on },
                      ]}
                    />
                  </div>
                  <div class="table-wrap">
                    <table class="data recommended cards">
                      <thead>
                        <tr>
                          <th scope="col">Manufacturer</th>
                          <th scope="col">Certificate</th>
                          <th scope="col">Listed</th>
                        </tr>
                      </thead>
                      <tbody>
                        {c.recommended.map((m) => (
                          <tr key={m.party}>
                            <th scope="row">
                              <PartyName id={m.party} name={name(m)} />
                            </th>
                            <td data-label="Certificate">
                              {m.certificate
                                ? `${m.certificate.scheme.replace(/_/g, ' ')} ${m.certificate.number}, valid ${m.certificate.valid_from} to ${m.certificate.valid_to || 'open-ended'}`
                                : '—'}
                            </td>
                            <td class="nowrap" data-label="Listed">
                              {m.listed_on || '—'}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </>
              )}
              <h3>Excluded ({c.excluded.length})</h3>
              {c.excluded.length > 0 && <p>{reasonCounts(c.excluded)}</p>}
              {c.excluded.length === 0 ? (
                <p>None.</p>
              ) : (
                <>
                  <div class="table-tools">
                    <CsvButton
                      name={`excluded-${id}-${c.category}`}
                      rows={c.excluded}
                      columns={[
                        { header: 'manufacturer', value: (m) => name(m) || '' },
                        { header: 'party', value: (m) => m.party },
                        { header: 'reason', value: (m) => VERDICT_WORDS[m.verdict] || m.verdict },
                        { header: 'why', value: (m) => m.detail },
                      ]}
                    />
                  </div>
                  <div class="table-wrap">
                    <table class="data excluded cards">
                      <thead>
                        <tr>
                          <th scope="col">Manufacturer</th>
                          <th scope="col">Reason</th>
                          <th scope="col">Why</th>
                        </tr>
                      </thead>
                      <tbody>
                        {c.excluded.map((m) => (
                          <tr key={m.party}>
                            <th scope="row">
                              <PartyName id={m.party} name={name(m)} />
                            </th>
                            <td class={`reason-${m.verdict}`} data-label="Reason">
                              {VERDICT_WORDS[m.verdict] || m.verdict}
                            </td>
                            <td data-label="Why">{m.detail}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </>
              )}
            </section>
          ))}
        </>
      )}
    </section>
  );
}
