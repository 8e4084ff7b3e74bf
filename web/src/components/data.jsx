// Small pieces every page shares (issue 14): the synthetic-records switch, its note and badge,
// the "Download CSV" button beside a table, and the whole ledger's downloads.
import { useState } from 'preact/hooks';
import { apiFile } from '../api.js';
import { downloadFile, fileName, toCsv } from '../csv.js';
import { Link } from '../router.jsx';

// The modes of GET /figures, /briefing, /claims and /needs (docs/figures.md "Synthetic
// records"); '' is the server's default, `auto`, and stays out of the address.
export const SYNTHETIC_MODES = [
  ['', 'left out (default)'],
  ['include', 'counted too'],
  ['only', 'only'],
];

// The mode in the address (?synthetic=include), '' for the default.
export function syntheticParam(params) {
  const v = params.get('synthetic') || '';
  return v === 'auto' ? '' : v;
}

// `answer` is the `synthetic` of an answer under this mode, when the page has one: on a ledger
// that is all generated the default counts every record, and the default's label says so.
export function SyntheticSwitch({ value, onChange, answer }) {
  let modes = SYNTHETIC_MODES.some(([v]) => v === value) ? SYNTHETIC_MODES : [...SYNTHETIC_MODES, [value, value]];
  if (value === '' && answer?.by_default && answer.mode === 'include' && answer.real_counted === 0 && answer.synthetic_counted > 0) {
    modes = modes.map(([v, label]) => (v === '' ? [v, 'all counted (default: no real records)'] : [v, label]));
  }
  return (
    <label class="synthetic-switch">
      Synthetic records
      <select name="synthetic" value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {modes.map(([v, label]) => (
          <option key={v} value={v}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}

// What the answer says it left out or counted (its `synthetic.note`); nothing when the ledger
// holds no synthetic record. `code` spans of the sentence are shown as code.
export function SyntheticNote({ synthetic }) {
  const note = synthetic?.note;
  if (!note) return null;
  return (
    <p class="note synthetic-note" data-mode={synthetic.mode} role="status">
      <span class="badge synthetic">synthetic</span>{' '}
      {note.split('`').map((part, i) => (i % 2 ? <code key={i}>{part}</code> : part))}
    </p>
  );
}

// Beside the name of a record made by `aidledger generate` (record.synthetic === true).
// A record that cites no source (issue 14 item 2): nothing backs it yet.
// Parties, items and sources are reference records (countries come from iso-codes): not flagged.
export function UnsourcedBadge({ kind, record }) {
  if (!record || ['party', 'item', 'source'].includes(kind) || (record.sources || []).length > 0) return null;
  return (
    <>
      {' '}
      <span class="badge unsourced" title="cites no source: nothing backs this record yet">
        no source
      </span>
    </>
  );
}

export function SyntheticBadge({ record }) {
  if (!record?.synthetic) return null;
  return (
    <>
      {' '}
      <span class="badge synthetic" title="made by aidledger generate: never real">
        synthetic
      </span>
    </>
  );
}

// "Download CSV" beside a table: `columns` [{header, value(row)}] over `rows`, the data the
// table shows (never its DOM).
export function CsvButton({ name, columns, rows, label = 'Download CSV' }) {
  return (
    <button
      type="button"
      class="csv-download"
      disabled={!rows?.length}
      onClick={() => downloadFile(`${fileName(name)}.csv`, toCsv(columns, rows), 'text/csv;charset=utf-8')}
    >
      {label}
    </button>
  );
}

// The server's exports of the whole ledger (GET /export/{format}); they need a signed-in user.
const LEDGER_FORMATS = [
  ['xlsx', 'XLSX (a sheet per kind)', 'aidledger.xlsx'],
  ['iati', 'IATI XML', 'aidledger-iati.xml'],
  ['json', 'JSON (every record and version)', 'aidledger-bundle.json'],
];

export function LedgerDownloads({ user, kind, path }) {
  const [busy, setBusy] = useState('');
  const [error, setError] = useState(null);
  const [warning, setWarning] = useState(null);
  if (!user) {
    return (
      <p class="note ledger-downloads">
        The whole ledger downloads as XLSX, IATI XML or JSON for signed-in users:{' '}
        <Link href={`/signin?next=${encodeURIComponent(path || '/')}`}>sign in to download it</Link>.
      </p>
    );
  }
  const get = async (format, apiPath, fallback) => {
    setBusy(format);
    setError(null);
    setWarning(null);
    try {
      const { blob, name, warning: said } = await apiFile(apiPath, fallback);
      downloadFile(name, blob);
      setWarning(said);
    } catch (e) {
      setError(e.message);
    } finally {
      setBusy('');
    }
  };
  return (
    <div class="ledger-downloads">
      <span>Download the whole ledger:</span>{' '}
      {LEDGER_FORMATS.map(([format, label, fallback]) => (
        <button key={format} type="button" data-format={format} disabled={busy !== ''} onClick={() => get(format, `/export/${format}`, fallback)}>
          {label}
        </button>
      ))}
      {kind && (
        <>
          {' '}
          <span>every {kind} record:</span>{' '}
          {['csv', 'hxl'].map((format) => (
            <button
              key={format}
              type="button"
              data-format={`${kind}-${format}`}
              disabled={busy !== ''}
              onClick={() => get(format, `/export/${format}?kind=${encodeURIComponent(kind)}`, `${kind}.${format === 'hxl' ? 'hxl.csv' : 'csv'}`)}
            >
              {format.toUpperCase()}
            </button>
          ))}
        </>
      )}
      {busy && <span role="status"> preparing {busy}…</span>}
      {error && (
        <span class="error" role="alert">
          {' '}
          {error}
        </span>
      )}
      {warning && (
        <p class="note export-warning" role="status">
          Before you pass the file on: {warning}
        </p>
      )}
    </div>
  );
}
