// A record: every field, its sources (outlet, date, quoted excerpt) and its version history
// (who, when, why, what changed), from GET /records/{kind}/{id} and .../history.
import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../api.js';
import { cellText } from '../format.js';
import { KIND_LABEL } from '../nav.js';
import { Link, navigate } from '../router.jsx';
import { CsvButton, SyntheticBadge } from '../components/data.jsx';

// The kinds the likely-duplicates rule compares (docs/reading.md).
const DUPLICATE_KINDS = ['team', 'donation', 'cash', 'exchange', 'contract', 'commitment'];

// Fields that name another record, and its kind (links on the page).
const REFERENCES = {
  provider: 'party', recipient: 'party', host: 'party', organiser: 'party', requester: 'party',
  addressee: 'party', party: 'party', buyer: 'party', supplier: 'party', exporter: 'party',
  destination: 'party', publisher: 'party', by: 'party', parent: 'party', item: 'item',
  source: 'source', participants: 'party', to: 'party',
};

function Value({ name, value }) {
  const ref = REFERENCES[name];
  if (ref && typeof value === 'string') {
    return <Link href={`/records/${ref}/${encodeURIComponent(value)}`}>{value}</Link>;
  }
  if (ref && Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    return value.map((v, i) => (
      <span key={v}>
        {i ? ', ' : ''}
        <Link href={`/records/${ref}/${encodeURIComponent(v)}`}>{v}</Link>
      </span>
    ));
  }
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    return (
      <ul class="plain">
        {value.map((v, i) => (
          <li key={i}>{v}</li>
        ))}
      </ul>
    );
  }
  // Lists of objects (item lines, status histories, certificates) read as small tables.
  if (Array.isArray(value) && value.length && value.every((v) => v && typeof v === 'object' && !Array.isArray(v))) {
    const columns = [...new Set(value.flatMap((v) => Object.keys(v)))];
    const csv = columns.flatMap((c) => {
      const out = [{ header: c, value: (row) => cellText(row[c]) }];
      if (value.some((row) => row[c] && typeof row[c] === 'object' && 'minor' in row[c])) {
        out.push({ header: `${c} (minor units)`, value: (row) => row[c]?.minor });
        out.push({ header: `${c} (currency)`, value: (row) => row[c]?.currency });
      }
      return out;
    });
    return (
      <>
        <div class="table-tools">
          <CsvButton name={name} columns={csv} rows={value} />
        </div>
        <table class="diff nested">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {value.map((row, i) => (
              <tr key={i}>
                {columns.map((c) => (
                  <td key={c}>{row[c] === undefined ? '' : <Value name={c} value={row[c]} />}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </>
    );
  }
  // An uncertain date is an interval: "between 2020-04-01 and 2020-04-10", not "FROM/TO".
  const interval = typeof value === 'string' && /^(\d{4}-\d{2}-\d{2})\/(\d{4}-\d{2}-\d{2})$/.exec(value);
  if (interval) {
    return (
      <span class="interval" data-value={value}>
        between <time dateTime={interval[1]}>{interval[1]}</time> and <time dateTime={interval[2]}>{interval[2]}</time>
      </span>
    );
  }
  if (value && typeof value === 'object' && !('minor' in value)) {
    return <pre class="json">{JSON.stringify(value, null, 2)}</pre>;
  }
  return <>{cellText(value)}</>;
}

// The history as rows of the CSV file: one per changed field of each version (one row for a
// version that changed no field), before and after as the page shows them.
function historyRows(history) {
  const out = [];
  (history?.versions || []).forEach((v, i) => {
    const before = i > 0 ? history.versions[i - 1].record : null;
    const fields = v.changed_fields.length ? v.changed_fields : [''];
    for (const f of fields) {
      out.push({ v, field: f, before: f ? cellText(before?.[f]) : '', after: f ? cellText(v.record[f]) : '' });
    }
  });
  return out;
}
const HISTORY_COLUMNS = [
  { header: 'version', value: (r) => r.v.meta.version },
  { header: 'change', value: (r) => r.v.change },
  { header: 'recorded at', value: (r) => r.v.meta.recorded_at },
  { header: 'author', value: (r) => r.v.meta.author },
  { header: 'reason', value: (r) => r.v.meta.reason },
  { header: 'field', value: (r) => r.field },
  { header: 'before', value: (r) => r.before },
  { header: 'after', value: (r) => r.after },
];

// Where an excerpt occurs in a source's text, as the ledger compares them (core/integrity.h
// FoldForQuote): spaces and line breaks folded, case ignored, typographic quotes as plain ones.
function excerptPattern(excerpt) {
  const words = excerpt.trim().split(/\s+/).map((w) =>
    w
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replace(/['\u2018\u2019]/g, "['\u2018\u2019]")
      .replace(/["\u201c\u201d]/g, '["\u201c\u201d]'),
  );
  return words.length && words[0] ? new RegExp(words.join('\\s+'), 'gi') : null;
}

// The source's text with every quoted passage marked.
function MarkedText({ text, excerpts }) {
  const ranges = [];
  for (const e of excerpts) {
    const re = excerptPattern(e);
    if (!re) continue;
    let m;
    while ((m = re.exec(text)) !== null) {
      ranges.push([m.index, m.index + m[0].length]);
      if (m[0].length === 0) re.lastIndex++;
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const r of ranges) {
    if (merged.length && r[0] <= merged[merged.length - 1][1]) {
      merged[merged.length - 1][1] = Math.max(merged[merged.length - 1][1], r[1]);
    } else merged.push([...r]);
  }
  const parts = [];
  let at = 0;
  merged.forEach(([a, b], i) => {
    if (a > at) parts.push(text.slice(at, a));
    parts.push(<mark key={i}>{text.slice(a, b)}</mark>);
    at = b;
  });
  parts.push(text.slice(at));
  return <div class="source-text">{parts}</div>;
}

export function RecordPage({ kind, id, user }) {
  const [stored, setStored] = useState(null);
  const [history, setHistory] = useState(null);
  const [sources, setSources] = useState({});
  // A source's page: every record and claim that cites it (GET /sources/{id}/citations).
  const [citedBy, setCitedBy] = useState(null);
  // Which sources support this record and which contradict it, from its likely duplicates
  // (GET /duplicates?kind=&id=); null for kinds the rule does not compare.
  const [dups, setDups] = useState(null);
  // How far the record can be relied on: its grade and the rule behind each step
  // (GET /confidence?kind=&id=, docs/confidence.md); null for sources, which are not graded.
  const [confidence, setConfidence] = useState(null);
  const [error, setError] = useState(null);
  const [retiring, setRetiring] = useState(false);

  const load = () => {
    const path = `/records/${kind}/${encodeURIComponent(id)}`;
    Promise.all([api(path), api(`${path}/history`)])
      .then(([s, h]) => {
        setStored(s);
        setHistory(h);
        const ids = [...new Set((s.record.sources || []).map((c) => c.source))];
        Promise.all(ids.map((sid) => api(`/records/source/${encodeURIComponent(sid)}`).catch(() => null))).then(
          (found) => setSources(Object.fromEntries(found.filter(Boolean).map((f) => [f.id, f.record]))),
        );
      })
      .catch(setError);
    setDups(null);
    if (DUPLICATE_KINDS.includes(kind)) {
      api(`/duplicates${query({ kind, id })}`)
        .then(setDups)
        .catch(() => setDups(null));
    }
    setConfidence(null);
    if (kind !== 'source') {
      api(`/confidence${query({ kind, id })}`)
        .then(setConfidence)
        .catch(() => setConfidence(null));
    }
    if (kind === 'source') {
      api(`/sources/${encodeURIComponent(id)}/citations`)
        .then(setCitedBy)
        .catch(() => setCitedBy(null));
    }
  };
  useEffect(load, [kind, id]);

  if (error) {
    return (
      <section>
        <h1>
          {KIND_LABEL[kind] || kind}: {id}
        </h1>
        <p class="error" role="alert">
          {error.status === 401 ? (
            <>
              Records are not public on this server:{' '}
              <Link href={`/signin?next=/records/${kind}/${encodeURIComponent(id)}`}>sign in</Link>.
            </>
          ) : (
            error.message
          )}
        </p>
      </section>
    );
  }
  if (!stored) return <p>Loading…</p>;
  const record = stored.record;
  const canWrite = user && user.role !== 'viewer' && !stored.meta.retired;
  const fields = Object.entries(record).filter(([k]) => !['sources'].includes(k));

  return (
    <section class="record">
      <p class="crumbs">
        <Link href={`/records/${kind}`}>{KIND_LABEL[kind] || kind}</Link> /
      </p>
      <h1>
        {record.name || record.id}
        {stored.meta.retired && <span class="badge retired">retired</span>}
        <SyntheticBadge record={record} />
      </h1>
      <p class="meta">
        {KIND_LABEL[kind] || kind} <code>{stored.id}</code> · version {stored.meta.version} · recorded{' '}
        {stored.meta.recorded_at} by {stored.meta.author}
        {kind === 'party' && (
          <>
            {' '}
            · <Link href={`/recipients/${encodeURIComponent(stored.id)}`}>what it received</Link>
          </>
        )}
        {kind === 'request' && record.request_kind !== 'team' && (
          <>
            {' '}
            · <Link href={`/procurement/requests/${encodeURIComponent(stored.id)}`}>recommended manufacturers</Link>
          </>
        )}
      </p>
      {record.synthetic && (
        <p class="note synthetic-note">
          Made by <code>aidledger generate</code>: never real. Figures, briefings, claims and needs leave it out by
          default when the ledger holds real records beside it.
        </p>
      )}
      {canWrite && (
        <p class="actions">
          <Link class="button" href={`/records/${kind}/${encodeURIComponent(id)}/edit`}>
            Edit
          </Link>{' '}
          <button type="button" onClick={() => setRetiring(!retiring)} aria-expanded={retiring}>
            Retire…
          </button>
        </p>
      )}
      {retiring && (
        <RetireForm
          kind={kind}
          id={id}
          etag={stored.etag}
          onDone={() => {
            setRetiring(false);
            load();
          }}
        />
      )}

      <h2>Fields</h2>
      <dl class="fields">
        {fields.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>
              <Value name={k} value={v} />
            </dd>
          </div>
        ))}
      </dl>

      <h2>Sources</h2>
      {(record.sources || []).length === 0 && <p>No source cited.</p>}
      <ul class="citations">
        {(record.sources || []).map((c, i) => {
          const s = sources[c.source];
          return (
            <li key={`${c.source}-${i}`} class="citation">
              <blockquote>{c.excerpt}</blockquote>
              <p>
                <Link href={`/records/source/${encodeURIComponent(c.source)}`}>
                  {s?.outlet || s?.title || c.source}
                </Link>
                {s?.title && s?.outlet ? `, “${s.title}”` : ''}
                {s?.published ? `, ${s.published}` : ''}
              </p>
            </li>
          );
        })}
      </ul>

      {dups && (
        <div class="corroboration">
          <h2>Corroboration</h2>
          <p>
            Supported by: {dups.corroboration.supported_by.length ? dups.corroboration.supported_by.join(', ') : 'no source'}
            {dups.corroboration.contradicted_by.length > 0 && (
              <> · Contradicted by: {dups.corroboration.contradicted_by.join(', ')}</>
            )}
          </p>
          {dups.duplicates.length > 0 && (
            <>
              <p>This looks like the same event as:</p>
              <ul class="dup-of">
                {dups.duplicates.map((d) => (
                  <li key={d.second.id}>
                    <Link href={`/records/${kind}/${encodeURIComponent(d.second.id)}`}>{d.second.id}</Link> ({d.why})
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}

      {confidence && (
        <div class="confidence">
          <h2>Confidence</h2>
          <p>
            Grade: <strong class={`grade grade-${confidence.grade}`}>{confidence.grade}</strong>, by the
            rules of docs/confidence.md, one step per rule:
          </p>
          <ul class="confidence-reasons">
            {confidence.reasons.map((r) => (
              <li key={r.rule} data-effect={r.effect}>
                <strong>{r.rule}</strong> ({r.effect}): {r.text}
              </li>
            ))}
          </ul>
          {confidence.sources.length > 0 && (
            <p class="confidence-sources">
              {confidence.sources.map((s, i) => (
                <span key={s.id}>
                  {i > 0 ? '; ' : ''}
                  <Link href={`/records/source/${encodeURIComponent(s.id)}`}>{s.id}</Link>: {s.why}, origin{' '}
                  {confidence.origins[s.origin]}
                </span>
              ))}
            </p>
          )}
        </div>
      )}

      {kind === 'source' && citedBy && (
        <>
          <h2>Cited by</h2>
          <p>
            {citedBy.count === 0
              ? 'No live record or claim cites this source.'
              : `${citedBy.count} citation${citedBy.count === 1 ? '' : 's'} of this source${
                  citedBy.citations.length < citedBy.count ? ` (the first ${citedBy.citations.length} listed)` : ''
                }; each quoted passage is marked in the text below.`}
          </p>
          <ul class="citations cited-by">
            {citedBy.citations.map((c) => (
              <li key={`${c.kind}/${c.id}/${c.index}`} class="citation">
                <Link href={`/records/${c.kind}/${encodeURIComponent(c.id)}`}>
                  {c.kind}/{c.id}
                </Link>
                <blockquote>{c.excerpt}</blockquote>
                {!c.found && <p class="warning">This excerpt is not in the source's text.</p>}
              </li>
            ))}
          </ul>
          {record.text && (
            <>
              <h2>Text, with the quoted passages marked</h2>
              <MarkedText text={record.text} excerpts={citedBy.citations.filter((c) => c.found).map((c) => c.excerpt)} />
            </>
          )}
        </>
      )}

      <h2>History</h2>
      <div class="table-tools">
        <CsvButton name={`history-${kind}-${id}`} columns={HISTORY_COLUMNS} rows={historyRows(history)} />
      </div>
      <ol class="history">
        {(history?.versions || []).map((v, i) => {
          const before = i > 0 ? history.versions[i - 1].record : null;
          return (
            <li key={v.meta.version}>
              <p>
                <strong>
                  Version {v.meta.version}: {v.change}
                </strong>{' '}
                {v.meta.recorded_at} by <span class="author">{v.meta.author}</span>
              </p>
              <p class="reason">Why: {v.meta.reason || '(no reason given)'}</p>
              {v.changed_fields.length > 0 && (
                <table class="diff">
                  <thead>
                    <tr>
                      <th scope="col">field</th>
                      <th scope="col">before</th>
                      <th scope="col">after</th>
                    </tr>
                  </thead>
                  <tbody>
                    {v.changed_fields.map((f) => (
                      <tr key={f}>
                        <th scope="row">{f}</th>
                        <td>{cellText(before?.[f]) || '—'}</td>
                        <td>{cellText(v.record[f]) || '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

// Retire with a reason (POST .../retire, the version as If-Match).
function RetireForm({ kind, id, etag, onDone }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    try {
      await api(`/records/${kind}/${encodeURIComponent(id)}/retire`, {
        method: 'POST',
        body: { reason },
        ifMatch: etag || '*',
      });
      onDone();
      navigate(`/records/${kind}/${encodeURIComponent(id)}`, { replace: true });
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form class="retire" onSubmit={submit}>
      <label for="retire-reason">Why is this record retired? (kept in its history)</label>
      <textarea
        id="retire-reason"
        required
        value={reason}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? 'retire-error' : undefined}
        onInput={(e) => setReason(e.currentTarget.value)}
      />
      {error && (
        <p id="retire-error" class="field-error" role="alert">
          {error.message}
        </p>
      )}
      <button type="submit">Retire the record</button>
    </form>
  );
}
