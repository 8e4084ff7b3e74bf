// Import a CSV/HXL table, an IATI activity file (.xml) or OCHA FTS flows (JSON or HDX CSV), or a
// JSON bundle into an empty ledger: choose a file, see the dry run's report, its error table
// (line, column, element or field, reason), what it skips and what to review, then commit (POST /import,
// docs/api.md "Import and export"). Progress: the upload's bytes, then the server's work.
import { useState } from 'preact/hooks';
import { uploadImport } from '../api.js';
import { KINDS } from '../nav.js';
import { Link } from '../router.jsx';
import { CsvButton } from '../components/data.jsx';

export function ImportPage({ user }) {
  const [file, setFile] = useState(null);
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const [onlyCovid, setOnlyCovid] = useState(false);
  // The kind of a CSV/HXL table: '' = from the file's name (teams.csv).
  const [kind, setKind] = useState('');
  const [preview, setPreview] = useState(null);
  const [committed, setCommitted] = useState(null);
  const [progress, setProgress] = useState(null);
  const [error, setError] = useState(null);

  if (!user || user.role === 'viewer') {
    return (
      <section>
        <h1>Import</h1>
        <p>
          Editors and admins import tables: <Link href="/signin?next=/import">sign in</Link>.
        </p>
      </section>
    );
  }

  const choose = async (e) => {
    const f = e.currentTarget.files[0];
    setFile(f || null);
    setPreview(null);
    setCommitted(null);
    setError(null);
    setText(f ? await f.text() : '');
  };

  const send = async (dryRun) => {
    if (!reason.trim()) {
      setError('Say why these records are imported: the reason is kept in their history.');
      return;
    }
    setError(null);
    setProgress({ stage: 'upload', fraction: 0 });
    try {
      const r = await uploadImport(file, text, {
        dryRun,
        reason: reason.trim(),
        onlyCovid,
        // Tables only: IATI (.xml), FTS and bundles (.json) say what they hold.
        kind: /\.(xml|json)$/i.test(file.name) ? '' : kind,
        onProgress: (stage, fraction) => setProgress({ stage, fraction }),
      });
      if (r.status === 200 || r.status === 422) {
        if (dryRun) setPreview(r.body);
        else setCommitted(r.body);
      } else {
        setError(r.body?.error?.message || `HTTP ${r.status}`);
      }
    } catch (err) {
      setError(err.message);
    } finally {
      setProgress(null);
    }
  };

  const report = committed || preview;
  return (
    <section class="import">
      <h1>Import</h1>
      <p>
        A CSV or HXL-tagged CSV table of one kind (its name says which: <code>teams.csv</code>; see{' '}
        <code>docs/formats.md</code>), imported as one batch: all of it or nothing. Kinds:{' '}
        {KINDS.map(([k]) => k).join(', ')}. Also IATI activity files (<code>.xml</code>, 2.01–2.03 and 1.0x) and
        OCHA FTS flows (the flow API's JSON or HDX's CSV): their organisations are matched to parties, and
        what is matched by name is listed for review.
      </p>
      <form class="form narrow" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="import-file">File</label>
          <input
            id="import-file"
            type="file"
            accept=".csv,.json,.xml,text/csv,application/json,application/xml,text/xml"
            onChange={choose}
          />
        </div>
        <div class="field">
          <label for="import-kind">Kind of records (CSV and HXL tables)</label>
          <select
            id="import-kind"
            value={kind}
            onChange={(e) => {
              setKind(e.currentTarget.value);
              setPreview(null);
              setCommitted(null);
            }}
          >
            <option value="">from the file's name (teams.csv)</option>
            {KINDS.map(([k, label]) => (
              <option key={k} value={k}>
                {label || k}
              </option>
            ))}
          </select>
        </div>
        <details class="templates">
          <summary>Templates: a table of each kind with its columns and one example row</summary>
          <ul>
            {KINDS.map(([k, label]) => (
              <li key={k}>
                {label}: <a href={`/api/v1/templates/${k}`} download={`${k}.csv`}>{k}.csv</a>,{' '}
                <a href={`/api/v1/templates/${k}?format=hxl`} download={`${k}.hxl.csv`}>
                  {k}.hxl.csv
                </a>
              </li>
            ))}
          </ul>
        </details>
        <div>
          <label class="check">
            <input type="checkbox" checked={onlyCovid} onChange={(e) => setOnlyCovid(e.currentTarget.checked)} />
            Only activities and flows marked COVID-19 (IATI, FTS)
          </label>
        </div>
        <div class="field">
          <label for="import-reason">
            Reason <span class="req">(required; kept in the history)</span>
          </label>
          <input id="import-reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </div>
        <p class="actions">
          <button type="button" disabled={!file || progress} onClick={() => send(true)}>
            Preview (dry run)
          </button>{' '}
          <button
            type="button"
            disabled={!preview || !preview.ok || progress || committed}
            onClick={() => send(false)}
          >
            Commit the import
          </button>
        </p>
      </form>
      {progress && (
        <div class="progress" role="status">
          {progress.stage === 'upload' ? 'Uploading' : 'The server is checking and planning the rows'}…
          <progress max="1" value={progress.fraction ?? undefined} />
        </div>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {report && (
        <div class={report.ok ? 'report ok' : 'report bad'} role="status">
          <h2>{committed ? (report.ok ? 'Imported' : 'Not imported') : report.ok ? 'Preview: ready to import' : 'Preview: problems to fix'}</h2>
          {report.records && (
            <p class="records">
              Records: {report.records.created} to create, {report.records.updated} to update,{' '}
              {report.records.unchanged} unchanged, {report.records.rejected} rejected
              {committed && report.ok ? ' — written to the ledger.' : '.'}
            </p>
          )}
          {report.rows && (
            <p class="rows">
              Rows of the file: 
              {report.rows.created} to create, {report.rows.updated} to update, {report.rows.unchanged} unchanged,{' '}
              {report.rows.rejected} rejected{committed && report.ok ? ' — written to the ledger.' : '.'}
            </p>
          )}
          {report.bundle && (
            <p>
              Bundle: {report.bundle.records} records, {report.bundle.versions} versions.
            </p>
          )}
          {report.problems?.length > 0 && (
            <div class="table-tools">
              <CsvButton
                name={`import-problems-${file?.name || 'file'}`}
                rows={report.problems}
                columns={[
                  { header: 'line', value: (p) => p.line },
                  { header: 'column', value: (p) => p.column },
                  { header: 'field', value: (p) => p.field },
                  { header: 'reason', value: (p) => p.message },
                ]}
              />
            </div>
          )}
          {report.problems?.length > 0 && (
            <div class="table-wrap">
              <table class="data problems">
                <caption>Every problem found; nothing was written.</caption>
                <thead>
                  <tr>
                    <th scope="col">line</th>
                    <th scope="col">column</th>
                    <th scope="col">field</th>
                    <th scope="col">reason</th>
                  </tr>
                </thead>
                <tbody>
                  {report.problems.map((p, i) => (
                    <tr key={i}>
                      <td class="num">{p.line}</td>
                      <td class="num">{p.column}</td>
                      <td>{p.field}</td>
                      <td>{p.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {report.skipped?.length > 0 && (
            <details>
              <summary>Read and not imported ({report.skipped.length})</summary>
              <ul class="skipped">
                {report.skipped.map((p, i) => (
                  <li key={i}>
                    line {p.line}, column {p.column} ({p.field}): {p.message}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {report.review?.length > 0 && (
            <div class="review">
              <h3>To review</h3>
              <ul>
                {report.review.map((r, i) => (
                  <li key={i}>{r}</li>
                ))}
              </ul>
            </div>
          )}
          {report.text && (
            <details>
              <summary>The full report</summary>
              <pre>{report.text}</pre>
            </details>
          )}
        </div>
      )}
    </section>
  );
}
