// A recipient: everything a country or organisation received, by kind and date, from whom,
// with each record's sources and a small map (GET /parties/{id}/profile).
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, listAll } from '../api.js';
import { Bars } from '../components/charts.jsx';
import { WorldMap } from '../components/worldmap.jsx';
import { KIND_LABEL } from '../nav.js';
import { Link } from '../router.jsx';
import { CsvButton, SyntheticBadge } from '../components/data.jsx';

function when(e) {
  return e.when || '';
}

export function RecipientPage({ id }) {
  const [profile, setProfile] = useState(null);
  const [error, setError] = useState(null);
  const [sources, setSources] = useState({});
  useEffect(() => {
    api(`/parties/${encodeURIComponent(id)}/profile`)
      .then((p) => {
        setProfile(p);
        const ids = new Set();
        for (const e of p.received) for (const c of e.record.sources || []) ids.add(c.source);
        Promise.all([...ids].map((s) => api(`/records/source/${encodeURIComponent(s)}`).catch(() => null))).then(
          (found) => setSources(Object.fromEntries(found.filter(Boolean).map((f) => [f.id, f.record]))),
        );
      })
      .catch(setError);
  }, [id]);

  const byKind = useMemo(() => {
    const groups = {};
    for (const e of profile?.received || []) (groups[e.kind] = groups[e.kind] || []).push(e);
    for (const list of Object.values(groups)) list.sort((a, b) => when(a).localeCompare(when(b)));
    return groups;
  }, [profile]);

  if (error) {
    return (
      <section>
        <h1>Recipient {id}</h1>
        <p class="error" role="alert">
          {error.status === 401 ? (
            <>
              Profiles are not public on this server: <Link href={`/signin?next=/recipients/${id}`}>sign in</Link>.
            </>
          ) : (
            error.message
          )}
        </p>
      </section>
    );
  }
  if (!profile) return <p>Loading…</p>;
  const party = profile.party;
  const iso = party.iso_code?.toUpperCase();
  const counts = Object.entries(profile.received_by_kind || {});

  return (
    <section class="recipient">
      <p class="crumbs">
        <Link href="/recipients">Recipients</Link> /
      </p>
      <div class="recipient-head">
        <div>
          <h1>{party.name}</h1>
          <p class="meta">
            {party.kind?.replace('_', ' ')} · <Link href={`/records/party/${encodeURIComponent(party.id)}`}>{party.id}</Link>
            {iso ? ` · ${iso}` : ''}
          </p>
          <p class="summary">
            Received {profile.received.length} record{profile.received.length === 1 ? '' : 's'} of assistance
            {counts.length ? ': ' : '.'}
            {counts.map(([k, n], i) => (
              <span key={k}>
                {i ? ', ' : ''}
                <strong data-kind={k}>{n}</strong> {(KIND_LABEL[k] || k).toLowerCase()}
              </span>
            ))}
          </p>
          {counts.length > 1 && (
            <Bars title="By kind" rows={counts.map(([k, n]) => ({ label: KIND_LABEL[k] || k, value: n }))} />
          )}
        </div>
        {iso && (
          <WorldMap
            small
            focus={iso}
            width={360}
            height={240}
            marks={byKind.team ? { [iso]: byKind.team.length } : {}}
            label={`${party.name} on the map`}
          />
        )}
      </div>
      {Object.entries(byKind).map(([kind, entries]) => (
        <section key={kind} class="received" data-kind={kind}>
          <h2>
            {KIND_LABEL[kind] || kind} ({entries.length})
          </h2>
          <div class="table-tools">
            <CsvButton
              name={`received-${id}-${kind}`}
              rows={entries}
              columns={[
                { header: 'date', value: (e) => e.when || 'unknown' },
                { header: 'kind', value: (e) => e.kind },
                { header: 'record', value: (e) => e.id },
                { header: 'from', value: (e) => e.from_name || e.from },
                { header: 'from (party id)', value: (e) => e.from },
                { header: 'sources', value: (e) => (e.record.sources || []).map((c) => c.source).join('; ') },
                { header: 'synthetic', value: (e) => (e.record.synthetic ? 'yes' : 'no') },
              ]}
            />
          </div>
          <div class="table-wrap">
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">date</th>
                  <th scope="col">record</th>
                  <th scope="col">from</th>
                  <th scope="col">sources</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id}>
                    <td class="nowrap">{e.when || 'unknown'}</td>
                    <th scope="row" class="nowrap">
                      <Link href={`/records/${e.kind}/${encodeURIComponent(e.id)}`}>{e.id}</Link>
                      <SyntheticBadge record={e.record} />
                    </th>
                    <td>{e.from_name || e.from}</td>
                    <td>
                      <ul class="citations compact">
                        {(e.record.sources || []).map((c, i) => {
                          const s = sources[c.source];
                          return (
                            <li key={i}>
                              <q>{c.excerpt}</q>{' '}
                              <small>
                                <Link href={`/records/source/${encodeURIComponent(c.source)}`}>
                                  {s?.outlet || s?.title || c.source}
                                </Link>
                                {s?.published ? `, ${s.published}` : ''}
                              </small>
                            </li>
                          );
                        })}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </section>
  );
}

// The list of recipients: parties that received something, found from the records.
export function RecipientsPage() {
  const [parties, setParties] = useState(null);
  const [error, setError] = useState(null);
  const [filter, setFilter] = useState('');
  useEffect(() => {
    Promise.all([
      listAll('party', {}, 5000),
      listAll('donation', {}, 5000),
      listAll('team', {}, 5000),
      listAll('cash', {}, 5000),
    ])
      .then(([all, donations, teams, cash]) => {
        const got = new Map();
        const add = (pid, what) => {
          const e = got.get(pid) || { donation: 0, team: 0, cash: 0 };
          e[what] += 1;
          got.set(pid, e);
        };
        donations.forEach((d) => add(d.record.recipient, 'donation'));
        teams.forEach((t) => add(t.record.host, 'team'));
        cash.forEach((c) => add(c.record.recipient, 'cash'));
        const byId = new Map(all.map((p) => [p.id, p.record]));
        setParties(
          [...got.entries()]
            .map(([pid, e]) => ({ id: pid, name: byId.get(pid)?.name || pid, ...e }))
            .sort((a, b) => a.name.localeCompare(b.name)),
        );
      })
      .catch(setError);
  }, []);
  if (error) {
    return (
      <section>
        <h1>Recipients</h1>
        <p class="error" role="alert">
          {error.status === 401 ? (
            <>
              Records are not public on this server: <Link href="/signin?next=/recipients">sign in</Link>.
            </>
          ) : (
            error.message
          )}
        </p>
      </section>
    );
  }
  const shown = (parties || []).filter((p) => !filter || p.name.toLowerCase().includes(filter.toLowerCase()) || p.id === filter.toLowerCase());
  return (
    <section>
      <h1>Recipients</h1>
      <label>
        Find a recipient{' '}
        <input type="search" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} placeholder="name or id" />
      </label>
      {!parties && <p>Loading…</p>}
      {parties && (
        <div class="table-tools">
          <CsvButton
            name={`recipients${filter ? `-${filter}` : ''}`}
            rows={shown}
            columns={[
              { header: 'recipient', value: (p) => p.name },
              { header: 'id', value: (p) => p.id },
              { header: 'donations', value: (p) => p.donation },
              { header: 'teams', value: (p) => p.team },
              { header: 'cash', value: (p) => p.cash },
            ]}
          />
        </div>
      )}
      {parties && (
        <div class="table-wrap">
          <table class="data">
            <thead>
              <tr>
                <th scope="col">recipient</th>
                <th scope="col">donations</th>
                <th scope="col">teams</th>
                <th scope="col">cash</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <Link href={`/recipients/${encodeURIComponent(p.id)}`}>{p.name}</Link>
                  </th>
                  <td class="num">{p.donation}</td>
                  <td class="num">{p.team}</td>
                  <td class="num">{p.cash}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p class="note">
        Or click a country on the <Link href="/">overview's map</Link>.
      </p>
    </section>
  );
}

