// A table of one kind's records: search, filter and sort run on the server (GET
// /records/{kind} with search, filter, sort), pages follow its cursors.
import { useEffect, useState } from 'preact/hooks';
import { api, apiFile, openApi, query } from '../api.js';
import { downloadFile } from '../csv.js';
import { cellText } from '../format.js';
import { KINDS, KIND_LABEL } from '../nav.js';
import { Link, navigate } from '../router.jsx';
import { recordSchema } from './schema.js';
import { CsvButton, LedgerDownloads, SyntheticBadge, UnsourcedBadge } from '../components/data.jsx';

const PAGE_SIZES = [25, 50, 100];
const MAX_COLUMNS = 6;

// The table's columns: id, then the kind's first scalar fields (the OpenAPI schema's order).
function columnsOf(schema) {
  const out = ['id'];
  for (const [name, s] of Object.entries(schema?.properties || {})) {
    if (['id', 'sources', 'notes', 'synthetic'].includes(name)) continue;
    if (out.length >= MAX_COLUMNS) break;
    const t = Array.isArray(s.type) ? s.type : [s.type];
    // Lists and nested objects make poor cells; money and uncertain dates read well.
    if (t.includes('array')) continue;
    if ((t.includes('object') || s.$ref) && !/Money$/.test(s.$ref || '')) continue;
    out.push(name);
  }
  return out;
}

const isMoney = (v) => v && typeof v === 'object' && 'minor' in v && 'currency' in v;

// The page's rows as the CSV file holds them: each column as the table shows it, money's exact
// minor units and currency beside it, and whether the record is synthetic.
function csvColumns(columns, records) {
  const out = [];
  for (const c of columns) {
    out.push({ header: c, value: (r) => (c === 'id' ? r.id : cellText(r.record[c])) });
    if (c !== 'id' && records.some((r) => isMoney(r.record[c]))) {
      out.push({ header: `${c} (minor units)`, value: (r) => (isMoney(r.record[c]) ? r.record[c].minor : '') });
      out.push({ header: `${c} (currency)`, value: (r) => (isMoney(r.record[c]) ? r.record[c].currency : '') });
    }
  }
  out.push({ header: 'synthetic', value: (r) => (r.record.synthetic ? 'yes' : 'no') });
  return out;
}

// The analysis table of the kind listed (GET /export/flat-csv?kind=KIND; docs/formats.md "The
// analysis CSV"): every record of the kind the reader may read, one row each, lists joined,
// names beside ids, with versions. Signed-in readers only, like the other exports.
function AnalysisCsv({ user, kind }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  if (!user) return null;
  const get = async () => {
    setBusy(true);
    setError(null);
    try {
      const { blob, name } = await apiFile(`/export/flat-csv${query({ kind })}`, `${kind}.flat.csv`);
      downloadFile(name, blob);
    } catch (e) {
      setError(e.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="ledger-downloads analysis-csv">
      <span>For analysis, one row per {kind} record:</span>{' '}
      <button type="button" data-format={`${kind}-flat-csv`} disabled={busy} onClick={get}>
        Analysis CSV (this kind)
      </button>
      {busy && <span role="status"> preparing…</span>}
      {error && (
        <span class="error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </div>
  );
}

export function RecordsPage({ kind = 'team', query: params, user }) {
  const [doc, setDoc] = useState(null);
  const [page, setPage] = useState(null);
  const [error, setError] = useState(null);
  const search = params.get('search') || '';
  const filter = params.get('filter') || '';
  const sort = params.get('sort') || '';
  const limit = Number(params.get('limit')) || 25;
  const cursor = params.get('cursor') || '';
  // The cursors of earlier pages, for "Previous".
  const back = params.getAll('back');

  useEffect(() => {
    openApi().then(setDoc).catch(() => setDoc({}));
  }, []);

  useEffect(() => {
    let live = true;
    setError(null);
    api(`/records/${kind}${query({ search, filter, sort, limit, cursor })}`)
      .then((r) => live && setPage(r))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [kind, search, filter, sort, limit, cursor]);

  const go = (changes) => {
    const next = { search, filter, sort, limit: limit === 25 ? '' : limit, ...changes };
    navigate(`/records/${kind}${query(next)}`);
  };
  const columns = columnsOf(recordSchema(doc, kind));

  return (
    <section class="records">
      <h1>{KIND_LABEL[kind] || kind}</h1>
      <nav class="kinds-nav" aria-label="Record kinds">
        <label>
          Kind{' '}
          <select value={kind} onChange={(e) => navigate(`/records/${e.currentTarget.value}`)}>
            {KINDS.map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {user && user.role !== 'viewer' && (
          <Link class="button" href={`/records/${kind}/new`}>
            Add a record
          </Link>
        )}
      </nav>
      <LedgerDownloads user={user} kind={kind} path={`/records/${kind}`} />
      <AnalysisCsv user={user} kind={kind} />
      <form
        class="table-controls"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          go({ search: f.get('search'), filter: f.get('filter'), sort: f.get('sort'), limit: f.get('limit') });
        }}
      >
        <label>
          Search
          <input type="search" name="search" defaultValue={search} placeholder="text in the record" />
        </label>
        <label>
          Filter
          <input name="filter" defaultValue={filter} placeholder="FIELD=VALUE, e.g. host=it" />
        </label>
        <label>
          Sort by
          <select name="sort" defaultValue={sort} key={columns.join()}>
            <option value="">id</option>
            {columns
              .filter((c) => c !== 'id')
              .flatMap((c) => [
                <option key={c} value={c}>
                  {c} ↑
                </option>,
                <option key={`-${c}`} value={`-${c}`}>
                  {c} ↓
                </option>,
              ])}
          </select>
        </label>
        <label>
          Per page
          <select name="limit" defaultValue={String(limit)}>
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
              Records are not public on this server: <Link href={`/signin?next=/records/${kind}`}>sign in</Link>.
            </>
          ) : (
            <>
              {error.field ? `${error.field}: ` : ''}
              {error.message}
            </>
          )}
        </p>
      )}
      {page && !error && (
        <>
          <p class="count" aria-live="polite">
            {page.total !== undefined
              ? `${page.total} record${page.total === 1 ? '' : 's'}`
              : `${page.records.length} record${page.records.length === 1 ? '' : 's'} on this page`}
          </p>
          <div class="table-tools">
            <CsvButton
              name={`records-${kind}${search ? `-${search}` : ''}${cursor ? '-page' : ''}`}
              label="Download CSV (this page)"
              columns={csvColumns(columns, page.records)}
              rows={page.records}
            />
          </div>
          <div class="table-wrap">
            <table class="data">
              <thead>
                <tr>
                  {columns.map((c) => (
                    <th key={c} scope="col" aria-sort={sort === c ? 'ascending' : sort === `-${c}` ? 'descending' : undefined}>
                      <button type="button" class="link" onClick={() => go({ sort: sort === c ? `-${c}` : c, cursor: '' })}>
                        {c}
                        {sort === c ? ' ↑' : sort === `-${c}` ? ' ↓' : ''}
                      </button>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {page.records.map((r) => (
                  <tr key={r.id}>
                    {columns.map((c) =>
                      c === 'id' ? (
                        <th key={c} scope="row">
                          <Link href={`/records/${kind}/${encodeURIComponent(r.id)}`}>{r.id}</Link>
                          <SyntheticBadge record={r.record} />
                          <UnsourcedBadge kind={kind} record={r.record} />
                        </th>
                      ) : (
                        <td key={c}>{cellText(r.record[c])}</td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav class="pager" aria-label="Pages">
            <button
              type="button"
              disabled={!cursor}
              onClick={() => {
                const prev = back.slice(0, -1);
                const last = back[back.length - 1];
                const to = !last || last === '~' ? '' : last;
                navigate(`/records/${kind}${query({ search, filter, sort, limit: limit === 25 ? '' : limit, cursor: to, back: prev })}`);
              }}
            >
              Previous
            </button>
            <button
              type="button"
              disabled={!page.next_cursor}
              onClick={() =>
                navigate(
                  `/records/${kind}${query({ search, filter, sort, limit: limit === 25 ? '' : limit, cursor: page.next_cursor, back: [...back, cursor || '~'] })}`,
                )
              }
            >
              Next
            </button>
          </nav>
        </>
      )}
    </section>
  );
}
