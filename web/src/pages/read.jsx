// Read a report (issue 15, docs/reading.md): paste a news report or choose its file, see the
// source and the figures and records (teams, donations, money, commitments) the reader found in it, tick those to keep, say
// why, and write them (POST /sources/read, docs/api.md "Reading reports"). Reading writes
// nothing; only the last button does, as one batch.
import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../api.js';
import { claimValue, keysText, longDate, METRIC_LABEL, minorDigits, moneyFull, number, placeName } from '../format.js';
import { Link } from '../router.jsx';

// The API's field names in the words of the form, for errors.
const FIELD_LABEL = {
  published: 'Publication date',
  id: 'Source id',
  accept: 'Drafts to write',
  fill: 'Proposed values',
  as_new: 'Write as new records',
  body: 'The report',
  'X-Reason': 'Reason',
  reason: 'Reason',
};

// What each record written is, in words.
const WRITTEN_LABEL = {
  source: 'Source',
  claim: 'Figure stated (claim)',
  team: 'Team deployment',
  donation: 'Donation',
  cash: 'Money given',
  commitment: "Leader's commitment",
};
// The kinds of draft records, in words.
const KIND_WORDS = { team: 'team', donation: 'donation', cash: 'money', commitment: 'commitment' };

// A draft record's giver, receivers, date and what it is, whatever its kind.
function draftRow(d) {
  const r = d.record;
  switch (d.kind) {
    case 'team':
      return { from: r.provider, to: [r.host], when: r.sent, what: r.size ? `${number(r.size)} people` : 'size not given' };
    case 'donation':
      return {
        from: r.provider,
        to: [r.recipient],
        when: r.history?.[0]?.on,
        what: `${r.history?.[0]?.status || ''}; items not given`,
      };
    case 'cash':
      return { from: r.provider, to: [r.recipient], when: r.pledged_on, what: r.pledged ? `pledged ${moneyFull(r.pledged.minor, r.pledged.currency)}` : 'amount not given' };
    case 'commitment':
      return { from: r.by, to: r.to || [], when: r.made_on, what: `${r.form}: “${r.promise}”` };
    default:
      return { from: '', to: [], when: '', what: '' };
  }
}

function errorText(e) {
  // "edits.3: value", "edits.t1.id": the draft edited, in the page's words.
  const edit = /^edits\.([a-z]?)(\d+)(.*)$/.exec(e.field || '');
  if (edit) {
    const what = edit[1] ? `Record ${edit[1]}${edit[2]}` : `Figure ${edit[2]}`;
    const field = edit[3].replace(/^[.:]\s*/, '');
    return `${what} as edited${field ? `, ${field}` : ''}: ${e.message}`;
  }
  const label = FIELD_LABEL[e.field] || e.field;
  return label ? `${label}: ${e.message}` : e.message;
}

// "as of 8 April 2020", "1 March 2020 to 4 April 2020", or the statement date.
function dateText(c) {
  if (c.period) {
    const [from, to] = c.period.split('/');
    return `${longDate(from)} to ${longDate(to)}`;
  }
  if (c.as_of) return `as of ${longDate(c.as_of)}`;
  return c.stated_on ? `stated ${longDate(c.stated_on)}` : '';
}

function intervalText(d) {
  if (!d) return 'unknown';
  const [from, to] = String(d).split('/');
  return to && to !== from ? `between ${longDate(from)} and ${longDate(to)}` : longDate(from);
}

// The edited draft: the draft with the reviewer's patch over it (one level deep, as the merge
// patches here are).
function patched(record, patch) {
  return patch ? { ...record, ...patch } : record;
}

// "2020-04-07" or "2020-04-01/2020-04-07": an interval as the ledger writes it; null otherwise.
function intervalInput(text) {
  const t = text.trim();
  return /^\d{4}-\d{2}-\d{2}(\/\d{4}-\d{2}-\d{2})?$/.test(t) ? t : null;
}

// The patch of a draft record's date, by kind.
function datePatch(d, when) {
  switch (d.kind) {
    case 'team':
      return { sent: when };
    case 'donation':
      return { history: [{ ...(d.record.history?.[0] || { status: 'shipped' }), on: when }] };
    case 'cash':
      return { pledged_on: when };
    case 'commitment':
      return { made_on: when };
    default:
      return {};
  }
}

export function ReadPage({ user }) {
  const [text, setText] = useState('');
  const [name, setName] = useState('');
  const [opts, setOpts] = useState({ published: '', outlet: '', title: '', url: '', id: '' });
  const [twins, setTwins] = useState(true);
  const [reading, setReading] = useState(null);
  const [asked, setAsked] = useState(null); // the parameters and body the reading was made from
  const [chosen, setChosen] = useState(new Set());
  const [fill, setFill] = useState(new Set());
  // Team drafts that look like an existing record but are written as new ones all the same.
  const [asNew, setAsNew] = useState(new Set());
  // The reviewer's edits, by draft ("3", "t1"): a merge patch of the draft (docs/reading.md
  // "Editing drafts"); `editing` holds the drafts whose fields are open.
  const [edits, setEdits] = useState({});
  const [editing, setEditing] = useState(new Set());
  const [reason, setReason] = useState('');
  const [written, setWritten] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  // The reports kept for review with drafts pending (GET /review; docs/reading.md "Kept for
  // review"), and what the last keep or close did.
  const [queue, setQueue] = useState(null);
  const [kept, setKept] = useState(null);
  const loadQueue = () =>
    api('/review')
      .then((r) => setQueue(r.readings))
      .catch(() => setQueue(null));
  useEffect(() => {
    if (user) loadQueue();
  }, [user]);

  if (!user) {
    return (
      <section>
        <h1>Read a report</h1>
        <p>
          Signed-in users read reports: <Link href="/signin?next=/read">sign in</Link>.
        </p>
      </section>
    );
  }
  const canWrite = user.role !== 'viewer';

  const choose = async (e) => {
    const f = e.currentTarget.files[0];
    if (!f) return;
    setName(f.name);
    setText(await f.text());
    setReading(null);
  };

  const send = async (params, body, extra = {}) => {
    const html = /\.html?$/i.test(params.name || '') || /^\s*</.test(body);
    return api(`/sources/read${query(params)}`, {
      method: 'POST',
      body,
      raw: true,
      contentType: html ? 'text/html' : 'text/plain',
      ...extra,
    });
  };

  const readWith = async (body, options) => {
    setError(null);
    setWritten(null);
    setKept(null);
    setBusy(true);
    const params = { ...options, name, twins: twins ? 'true' : '' };
    try {
      const r = await send(params, body);
      setReading(r);
      setAsked({ params, body });
      setChosen(new Set());
      setFill(new Set());
      setAsNew(new Set());
      setEdits({});
      setEditing(new Set());
    } catch (e) {
      setReading(null);
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const read = () => readWith(text, opts);

  // A kept report read again from its stored text, under its id and date: the same drafts.
  const review = async (id) => {
    setError(null);
    try {
      const stored = (await api(`/records/source/${encodeURIComponent(id)}`)).record;
      const options = { ...opts, id, published: stored.published || '' };
      setText(stored.text);
      setOpts(options);
      await readWith(stored.text, options);
    } catch (e) {
      setError(errorText(e));
    }
  };

  const keep = async () => {
    if (!reason.trim()) {
      setError('Reason: say why the report is kept; the reason is kept in its history.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await send({ ...asked.params, keep: 'true' }, asked.body, { reason: reason.trim() });
      setKept({ id: reading.source.id, closed: false });
      setReading(null);
      loadQueue();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const close = async (id) => {
    if (!reason.trim()) {
      setError('Reason: say why the review is closed; the reason is kept in the history.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api(`/review/${encodeURIComponent(id)}/close`, { method: 'POST', reason: reason.trim() });
      setKept({ id, closed: true });
      setReading(null);
      loadQueue();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const toggle = (set, setter, key) => {
    const next = new Set(set);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setter(next);
  };

  const accept = async () => {
    if (!reason.trim()) {
      setError('Reason: say why these records are written; the reason is kept in their history.');
      return;
    }
    setError(null);
    setBusy(true);
    const list = [...chosen].sort((a, b) => String(a).localeCompare(String(b), 'en', { numeric: true }));
    const filled = [...fill].filter((n) => chosen.has(n));
    const fresh = [...asNew].filter((k) => chosen.has(k));
    // Edits of the drafts kept go with the report as one JSON body; without edits, the report
    // goes as it was read.
    const kept = Object.fromEntries(Object.entries(edits).filter(([k]) => chosen.has(/^\d+$/.test(k) ? Number(k) : k)));
    const params = { ...asked.params, accept: list.join(','), fill: filled.join(','), as_new: fresh.join(',') };
    try {
      const r =
        Object.keys(kept).length > 0
          ? await api(`/sources/read${query(params)}`, {
              method: 'POST',
              body: { report: asked.body, edits: kept },
              reason: reason.trim(),
            })
          : await send(params, asked.body, { reason: reason.trim() });
      setWritten(r);
      loadQueue();
      setReading(null);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const patch = (key, fields) => setEdits({ ...edits, [key]: { ...(edits[key] || {}), ...fields } });
  const editButton = (key, what) => (
    <button
      type="button"
      class="link edit-draft"
      aria-expanded={editing.has(key)}
      aria-label={`edit ${what}`}
      onClick={() => toggle(editing, setEditing, key)}
    >
      {editing.has(key) ? 'done' : 'edit'}
    </button>
  );

  const proposals = new Map((reading?.proposals || []).map((p) => [p.draft, p]));
  // Draft records ("t1", "d2") that look like a record already in the ledger: proposed as its citation.
  const matches = new Map((reading?.matches || []).map((m) => [m.draft, m]));
  const source = reading?.source;
  return (
    <section class="read">
      <h1>Read a report</h1>
      <p>
        Paste a news report or choose its file (text or a saved web page). The reader finds the source and the
        figures it states; you choose which to keep. Nothing is written until you press the last button.
      </p>
      {kept && (
        <p class="note kept" role="status">
          {kept.closed
            ? `The review of ${kept.id} is closed: its drafts not written are rejected.`
            : `Kept ${kept.id} for review: it is listed below until its drafts are written or its review is closed.`}
        </p>
      )}
      {queue && queue.length > 0 && (
        <section class="review-queue">
          <h2>Kept for review ({queue.length})</h2>
          <div class="table-wrap">
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">report</th>
                  <th scope="col">published</th>
                  <th scope="col">drafts pending</th>
                  <th scope="col">
                    <span class="sr-only">actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {queue.map((k) => (
                  <tr key={k.source} data-source={k.source}>
                    <td>
                      <Link href={`/records/source/${encodeURIComponent(k.source)}`}>{k.title || k.source}</Link>
                    </td>
                    <td>{intervalText(k.published)}</td>
                    <td class="num">
                      {k.pending.length} of {k.drafts}
                    </td>
                    <td>
                      <button type="button" class="link" aria-label={`review ${k.source}`} onClick={() => review(k.source)}>
                        review
                      </button>
                      {canWrite && (
                        <button
                          type="button"
                          class="link"
                          aria-label={`close the review of ${k.source}`}
                          disabled={busy}
                          onClick={() => close(k.source)}
                        >
                          close (reject the rest)
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {canWrite && (
            <div class="field narrow">
              <label for="review-reason">Why a review is closed (kept in the history)</label>
              <input id="review-reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
            </div>
          )}
        </section>
      )}
      <form class="form" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="read-file">Report file</label>
          <input id="read-file" type="file" accept=".txt,.html,.htm,text/plain,text/html" onChange={choose} />
        </div>
        <div class="field">
          <label for="read-text">Report text</label>
          <textarea
            id="read-text"
            rows="8"
            value={text}
            onInput={(e) => {
              setText(e.currentTarget.value);
              setReading(null);
            }}
          />
        </div>
        <details>
          <summary>What the report does not say (optional)</summary>
          {[
            ['published', 'Publication date (YYYY-MM-DD, or a range YYYY-MM-DD/YYYY-MM-DD)'],
            ['outlet', 'Outlet'],
            ['title', 'Title'],
            ['url', 'Web address'],
            ['id', 'Source id (default: from the text)'],
          ].map(([k, label]) => (
            <div class="field" key={k}>
              <label for={`read-${k}`}>{label}</label>
              <input
                id={`read-${k}`}
                value={opts[k]}
                onInput={(e) => setOpts({ ...opts, [k]: e.currentTarget.value })}
              />
            </div>
          ))}
        </details>
        <label class="check">
          <input type="checkbox" checked={twins} onChange={(e) => setTwins(e.currentTarget.checked)} />
          Propose numbers missing from the text from other reports of the same figures
        </label>
        <p class="actions">
          <button type="button" disabled={!text.trim() || busy} onClick={read}>
            Read the report
          </button>
        </p>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {written && (
        <div class="report ok" role="status">
          <h2>Written to the ledger</h2>
          <ul class="written">
            {written.created.map((c) => (
              <li key={c.id}>
                {WRITTEN_LABEL[c.kind] || c.kind}: <Link href={`/records/${c.kind}/${c.id}`}>{c.id}</Link>
              </li>
            ))}
            {(written.cited || []).map((c) => (
              <li key={`cited-${c.id}`}>
                Citation added to {(WRITTEN_LABEL[c.kind] || c.kind).toLowerCase()}:{' '}
                <Link href={`/records/${c.kind}/${c.id}`}>{c.id}</Link> (version {c.version})
              </li>
            ))}
          </ul>
          <p class="note">Reason kept in their history: {written.reason}</p>
        </div>
      )}
      {reading && (
        <div class="reading">
          <h2>Source</h2>
          <dl class="fields">
            <div>
              <dt>Title</dt>
              <dd>{source.title || 'not found'}</dd>
            </div>
            <div>
              <dt>Outlet</dt>
              <dd>{source.outlet || 'not found'}</dd>
            </div>
            <div>
              <dt>Published</dt>
              <dd>{reading.dated ? intervalText(source.published) : 'unknown: give the publication date above'}</dd>
            </div>
            <div>
              <dt>Source id</dt>
              <dd>{source.id}</dd>
            </div>
          </dl>
          {reading.notes.length > 0 && (
            <ul class="note read-notes">
              {reading.notes.map((n, i) => (
                // The reader's notes name the command's option; here the field above.
                <li key={i}>{n.replace('(--published D or D1/D2)', 'above')}</li>
              ))}
            </ul>
          )}
          <h2>Figures found ({reading.claims.length})</h2>
          {reading.claims.length === 0 ? (
            <p class="note">No figure the ledger tracks was found in this report.</p>
          ) : (
            <div class="table-wrap">
              <table class="data read-claims">
                <thead>
                  <tr>
                    <th scope="col">keep</th>
                    <th scope="col">figure</th>
                    <th scope="col">value</th>
                    <th scope="col">date</th>
                    <th scope="col">the report says</th>
                  </tr>
                </thead>
                <tbody>
                  {reading.claims.map((c, i) => {
                    const n = i + 1;
                    const p = proposals.get(n);
                    const keys = keysText({ ...c, ...(c.keys || {}) });
                    const edited = patched(c, edits[String(n)]);
                    const shown = { ...edited, currency: c.keys?.currency };
                    const open = editing.has(String(n));
                    const digits = c.keys?.currency ? minorDigits(c.keys.currency) : 0;
                    return (
                      <tr key={c.id} data-claim={n} class={edits[String(n)] ? 'edited' : ''}>
                        <td>
                          <input
                            type="checkbox"
                            aria-label={`keep figure ${n}`}
                            checked={chosen.has(n)}
                            onChange={() => toggle(chosen, setChosen, n)}
                          />
                          {canWrite && editButton(String(n), `figure ${n}`)}
                        </td>
                        <td>
                          {METRIC_LABEL[c.metric] || c.metric}
                          {keys ? `: ${keys}` : ''}
                        </td>
                        <td class="num">
                          {open ? (
                            <span class="edit-fields">
                              <select
                                aria-label={`qualifier of figure ${n}`}
                                value={edited.qualifier}
                                onChange={(e) => patch(String(n), { qualifier: e.currentTarget.value })}
                              >
                                <option value="exact">exactly</option>
                                <option value="at_least">at least</option>
                                <option value="about">about</option>
                                <option value="at_most">at most</option>
                              </select>
                              <input
                                type="number"
                                min="0"
                                step={digits > 0 ? 10 ** -digits : 1}
                                aria-label={`value of figure ${n}${c.keys?.currency ? ` in ${c.keys.currency}` : ''}`}
                                value={edited.value == null ? '' : edited.value / 10 ** digits}
                                onInput={(e) => {
                                  const v = e.currentTarget.value.trim();
                                  // Unknown stays unknown (null), never 0; money in major units in,
                                  // minor units out.
                                  patch(String(n), { value: v === '' ? null : Math.round(Number(v) * 10 ** digits) });
                                }}
                              />
                            </span>
                          ) : (
                            claimValue(shown)
                          )}
                          {p && (
                            <label class="check proposal">
                              <input
                                type="checkbox"
                                checked={fill.has(n)}
                                onChange={() => toggle(fill, setFill, n)}
                              />
                              use {claimValue({ ...shown, value: p.value })} from {p.citation.source}
                            </label>
                          )}
                        </td>
                        <td>{dateText(c)}</td>
                        <td class="excerpt">{c.sources?.[0]?.excerpt}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          {reading.records.length > 0 && (
            <>
              <h2>Records found ({reading.records.length})</h2>
              <p class="note">
                Teams, donations, money and leaders' commitments the report names, each with the sentences it comes
                from. A record the report gives no day for is dated from 1 January 2020 to the statement; narrow it on the
                record's page once written.
              </p>
              <div class="table-wrap">
                <table class="data read-records">
                  <thead>
                    <tr>
                      <th scope="col">keep</th>
                      <th scope="col">record</th>
                      <th scope="col">from</th>
                      <th scope="col">to</th>
                      <th scope="col">when</th>
                      <th scope="col">what</th>
                      <th scope="col">the report says</th>
                    </tr>
                  </thead>
                  <tbody>
                    {reading.records.map((d) => {
                      const key = d.draft;
                      const m = matches.get(key);
                      const edited = { ...d, record: patched(d.record, edits[key]) };
                      const row = draftRow(edited);
                      const open = editing.has(key);
                      const what = `${KIND_WORDS[d.kind] || d.kind} ${key}`;
                      return (
                        <tr key={key} data-draft={key} data-kind={d.kind} class={edits[key] ? 'edited' : ''}>
                          <td>
                            <input
                              type="checkbox"
                              aria-label={`keep ${what}`}
                              checked={chosen.has(key)}
                              onChange={() => toggle(chosen, setChosen, key)}
                            />
                            {canWrite && editButton(key, what)}
                          </td>
                          <td>{KIND_WORDS[d.kind] || d.kind}</td>
                          <td>{placeName(row.from)}</td>
                          <td>{row.to.map((t) => placeName(t)).join(', ')}</td>
                          <td>
                            {open ? (
                              <input
                                aria-label={`date of ${what} (YYYY-MM-DD or YYYY-MM-DD/YYYY-MM-DD)`}
                                defaultValue={row.when}
                                onInput={(e) => {
                                  const when = intervalInput(e.currentTarget.value);
                                  // A date not yet whole is left for the reviewer to finish; the
                                  // ledger refuses a bad one by name on writing.
                                  patch(key, datePatch(d, when || e.currentTarget.value.trim()));
                                }}
                              />
                            ) : (
                              intervalText(row.when)
                            )}
                          </td>
                          <td>
                            {open && d.kind === 'team' && (
                              <input
                                type="number"
                                min="1"
                                aria-label={`size of ${what}`}
                                value={edited.record.size ?? ''}
                                onInput={(e) => {
                                  const v = e.currentTarget.value.trim();
                                  patch(key, { size: v === '' ? null : Math.round(Number(v)) });
                                }}
                              />
                            )}
                            {open && d.kind === 'cash' && (
                              <input
                                type="number"
                                min="0"
                                aria-label={`amount of ${what} in ${d.record.pledged?.currency || ''}`}
                                value={edited.record.pledged ? edited.record.pledged.minor / 10 ** minorDigits(edited.record.pledged.currency) : ''}
                                onInput={(e) => {
                                  const v = e.currentTarget.value.trim();
                                  const currency = d.record.pledged?.currency;
                                  patch(key, {
                                    pledged: v === '' || !currency ? null : { minor: Math.round(Number(v) * 10 ** minorDigits(currency)), currency },
                                  });
                                }}
                              />
                            )}
                            {open && d.kind === 'commitment' ? (
                              <textarea
                                rows="3"
                                aria-label={`promise of ${what}`}
                                value={edited.record.promise}
                                onInput={(e) => patch(key, { promise: e.currentTarget.value })}
                              />
                            ) : (
                              row.what
                            )}
                          </td>
                          <td class="excerpt">
                            {(d.record.sources || []).map((c, i) => (
                              <q key={i}>{c.excerpt}</q>
                            ))}
                            {d.record.notes && <div class="note">{d.record.notes}</div>}
                            {m && (
                              <div class="match" role="note">
                                This looks like record{' '}
                                <Link href={`/records/${m.kind}/${encodeURIComponent(m.cite)}`}>{m.cite}</Link>: keeping it
                                adds this report as a citation of that record, not a new record.
                                <div class="note">{m.why}</div>
                                <label class="check">
                                  <input
                                    type="checkbox"
                                    checked={asNew.has(key)}
                                    onChange={() => toggle(asNew, setAsNew, key)}
                                  />
                                  It is another event: write a new record
                                </label>
                              </div>
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </>
          )}
          {canWrite && !reading.dated && (
            <p class="note">Give the publication date above and read the report again before writing.</p>
          )}
          {canWrite ? (
            <form class="form narrow" onSubmit={(e) => e.preventDefault()}>
              <div class="field">
                <label for="read-reason">
                  Reason <span class="req">(required; kept in the history)</span>
                </label>
                <input id="read-reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
              </div>
              <p class="actions">
                <button type="button" disabled={chosen.size === 0 || busy || !reading.dated} onClick={accept}>
                  Write the source and {chosen.size} ticked {chosen.size === 1 ? 'draft' : 'drafts'}
                </button>{' '}
                <button type="button" class="secondary" disabled={busy || !reading.dated} onClick={keep}>
                  Keep for review
                </button>
              </p>
            </form>
          ) : (
            <p class="note">Viewers read reports; an editor writes what is kept.</p>
          )}
        </div>
      )}
    </section>
  );
}
