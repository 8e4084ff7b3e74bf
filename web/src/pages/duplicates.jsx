// Likely duplicates (issue 15 item 4, docs/reading.md "Duplicates and corroboration of
// records"): the review queue of records that look like one event reported twice (GET
// /duplicates), each pair with why, the numbers the two give differently and each one's
// sources. A record reported by several sources should be one record with several citations:
// the reviewer opens both and keeps one.
import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../api.js';
import { longDate } from '../format.js';
import { KIND_LABEL } from '../nav.js';
import { Link, navigate } from '../router.jsx';

const KIND_CHOICES = ['team', 'donation', 'cash', 'exchange', 'contract', 'commitment'];
const FIELD_TEXT = {
  host: 'host',
  recipient: 'recipient',
  participants: 'participants',
  buyer: 'buyer',
  to: 'promised to',
};

function datesText(d) {
  const [from, to] = String(d).split('/');
  return to && to !== from ? `${longDate(from)} to ${longDate(to)}` : longDate(from);
}

function party(p) {
  return p.name && p.name !== p.id ? `${p.name} (${p.id})` : p.id;
}

function Side({ kind, side }) {
  return (
    <div>
      <Link href={`/records/${kind}/${encodeURIComponent(side.id)}`}>{side.id}</Link>
      <div class="note">{datesText(side.dates)}</div>
      <div class="note">
        {side.sources.length === 0 ? 'no source' : `cites ${side.sources.join(', ')}`}
      </div>
    </div>
  );
}

export function DuplicatesPage({ query: params, user }) {
  const [kind, setKind] = useState(params.get('kind') || '');
  const [answer, setAnswer] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    let live = true;
    setError(null);
    navigate(`/duplicates${query({ kind })}`, { replace: true });
    api(`/duplicates${query({ kind, limit: 500 })}`)
      .then((r) => live && setAnswer(r))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [kind]);

  return (
    <section class="duplicates">
      <h1>Likely duplicates</h1>
      <p>
        Records that look like one event reported twice: the same kind, the same provider (or one inside the other),
        the same recipient or host country, and dates that overlap. One event reported by several sources should be
        one record citing each source: open both, keep one with both citations, and retire the other; or leave them
        when they are two events.
      </p>
      <form class="form narrow" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="dup-kind">Kind</label>
          <select id="dup-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
            <option value="">all kinds</option>
            {KIND_CHOICES.map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k] || k}
              </option>
            ))}
          </select>
        </div>
      </form>
      {error && (
        <p class="error" role="alert">
          {error.status === 401 && !user ? (
            <>
              Records are not public here: <Link href="/signin?next=/duplicates">sign in</Link>.
            </>
          ) : (
            error.message
          )}
        </p>
      )}
      {!answer && !error && <p class="note">Loading…</p>}
      {answer && (
        <>
          <p class="dup-count" role="status">
            {answer.count === 0
              ? 'No two records look like one event.'
              : `${answer.count} ${answer.count === 1 ? 'pair' : 'pairs'} of likely duplicates` +
                (answer.listed < answer.count ? ` (${answer.listed} listed)` : '')}
          </p>
          {answer.duplicates.length > 0 && (
            <div class="table-wrap">
              <table class="data dup-list">
                <thead>
                  <tr>
                    <th scope="col">kind</th>
                    <th scope="col">record</th>
                    <th scope="col">looks like</th>
                    <th scope="col">why</th>
                    <th scope="col">gives differently</th>
                  </tr>
                </thead>
                <tbody>
                  {answer.duplicates.map((d) => (
                    <tr key={`${d.kind}/${d.first.id}/${d.second.id}`}>
                      <td>
                        {KIND_LABEL[d.kind] || d.kind}
                        {d.synthetic ? ' (synthetic)' : ''}
                      </td>
                      <td>
                        <Side kind={d.kind} side={d.first} />
                      </td>
                      <td>
                        <Side kind={d.kind} side={d.second} />
                      </td>
                      <td>
                        {d.provider.id === d.second_provider.id
                          ? `same provider ${party(d.provider)}`
                          : `providers ${party(d.provider)} and ${party(d.second_provider)} (one inside the other)`}
                        , same {FIELD_TEXT[d.recipient_field] || d.recipient_field} {party(d.recipient)}, dates overlap
                      </td>
                      <td>
                        {d.differences.length === 0
                          ? 'nothing known differs'
                          : d.differences.map((f) => (
                              <div key={f.field}>
                                {f.field}: {f.first} vs {f.second}
                              </div>
                            ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
