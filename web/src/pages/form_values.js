// The values of the record form (edit.jsx) and their checks, apart from the page: a record's
// JSON -> what the form's controls hold -> the JSON sent, with every problem found on the way,
// each named by the path the server would name it by ("sent", "lines[1].quantity",
// "sources[0].excerpt"), so that local and server problems land in the same places.
import { minorDigits } from '../format.js';

// Money is typed in major units, as people write it ("20,000,000.50" USD), and sent in exact
// minor units (issue 14 item 3): converted with integers, never through a float.
export function majorText(minor, currency) {
  const digits = minorDigits(currency);
  const n = BigInt(minor);
  const sign = n < 0n ? '-' : '';
  const abs = (n < 0n ? -n : n).toString().padStart(digits + 1, '0');
  return digits ? `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}` : `${sign}${abs}`;
}

export function minorOf(amount, currency) {
  const digits = minorDigits(currency);
  const t = amount.replace(/[,\s]/g, '');
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(t);
  if (!m) return { error: 'the amount is a number such as 20000000 or 20,000,000.50' };
  const frac = m[3] || '';
  if (frac.length > digits) {
    return { error: `${currency} has ${digits} decimal${digits === 1 ? '' : 's'}: at most ${digits} after the point` };
  }
  const minor = BigInt(m[2]) * 10n ** BigInt(digits) + BigInt(frac.padEnd(digits, '0') || '0');
  const signed = m[1] ? -minor : minor;
  if (signed > BigInt(Number.MAX_SAFE_INTEGER) || signed < -BigInt(Number.MAX_SAFE_INTEGER)) {
    return { error: 'too large for the form: send it in minor units through the API' };
  }
  return { value: Number(signed) };
}

// The years a record's dates may fall in (core/time.h kMinYear, kMaxYear).
const kMinYear = 1900;
const kMaxYear = 2200;

function lastDay(y, m) {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}
const pad = (n, w = 2) => String(n).padStart(w, '0');

// A typed date: "2020-04-09", or (when `partial`) a month "2020-04" or a year "2020", read as
// the days it spans. Answers {first, last} (ISO days) or {error}.
export function readDate(text, { partial = true } = {}) {
  const t = text.trim();
  const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(t);
  const form = partial ? 'YYYY-MM-DD (or YYYY-MM for a month, YYYY for a year)' : 'YYYY-MM-DD';
  if (!m || (!partial && !m[3])) return { error: `"${t}" is not a date: write ${form}` };
  const y = Number(m[1]);
  if (y < kMinYear || y > kMaxYear) return { error: `"${t}": the year must be ${kMinYear}-${kMaxYear}` };
  if (!m[2]) return { first: `${y}-01-01`, last: `${y}-12-31` };
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) return { error: `"${t}" is not a date: there is no month ${mo}` };
  if (!m[3]) return { first: `${y}-${pad(mo)}-01`, last: `${y}-${pad(mo)}-${lastDay(y, mo)}` };
  const d = Number(m[3]);
  if (d < 1 || d > lastDay(y, mo)) return { error: `"${t}" is not a date: ${y}-${pad(mo)} has no day ${d}` };
  const day = `${y}-${pad(mo)}-${pad(d)}`;
  return { first: day, last: day };
}

// The form's value of a field from its JSON value (undefined when the record has none).
export function toFormValue(spec, v) {
  const absent = v === undefined || v === null;
  switch (spec.widget) {
    case 'money':
      return {
        amount: absent || v.minor === undefined || v.minor === null ? '' : majorText(v.minor, v.currency || 'XXX'),
        currency: absent ? '' : v.currency ?? '',
      };
    case 'interval': {
      if (absent) return { between: false, from: '', to: '' };
      const [from, to] =
        typeof v === 'object' ? [v.earliest ?? v.from, v.latest ?? v.to] : String(v).split('/');
      return to && to !== from ? { between: true, from, to } : { between: false, from, to: '' };
    }
    case 'ref':
      return absent ? { id: '', text: '' } : { id: String(v), text: String(v) };
    case 'refs':
      return (absent ? [] : v).map((id) => ({ id, text: id }));
    case 'enums':
      return absent ? [] : [...v];
    case 'object':
      return Object.fromEntries(spec.children.map((c) => [c.name, toFormValue(c, absent ? undefined : v[c.name])]));
    case 'objects':
      return (absent ? [] : v).map((row) => toFormValue({ ...spec, widget: 'object' }, row));
    case 'keys':
      return absent ? '' : Object.entries(v).map(([k, x]) => `${k}=${x}`).join('\n');
    case 'list':
      return absent ? '' : v.join('\n');
    case 'json':
      return absent ? '' : JSON.stringify(v, null, 2);
    case 'boolean':
      return absent ? '' : v ? 'true' : 'false';
    default:
      return absent ? '' : String(v);
  }
}

// An empty element of a list field (a new row).
export function emptyRow(spec) {
  return spec.widget === 'refs' ? { id: '', text: '' } : toFormValue({ ...spec, widget: 'object' }, undefined);
}

// Whether a form value holds anything typed.
function isEmpty(spec, v) {
  switch (spec.widget) {
    case 'money':
      return !v.amount.trim() && !v.currency.trim();
    case 'interval':
      return !v.from.trim() && !(v.between && v.to.trim());
    case 'ref':
      return !v.text.trim();
    case 'refs':
    case 'enums':
    case 'objects':
      return v.length === 0;
    case 'object':
      return spec.children.every((c) => isEmpty(c, v[c.name]));
    default:
      return typeof v !== 'string' || !v.trim();
  }
}

// The JSON value of a field's form value: undefined when left empty (an unknown value is left
// out, never 0). Every problem is added to `problems` as {path, message}; `pending` collects
// the pickers whose text was typed but not chosen ({path, spec, value}), for the caller to
// resolve before it decides.
export function fromFormValue(spec, v, path, problems, pending) {
  const problem = (message, at = path) => {
    problems.push({ path: at, message });
    return undefined;
  };
  if (isEmpty(spec, v)) return spec.required ? problem('required') : undefined;
  switch (spec.widget) {
    case 'money': {
      const currency = v.currency.trim().toUpperCase();
      if (!/^[A-Z]{3}$/.test(currency)) return problem('give the currency (ISO 4217, such as USD)');
      if (!v.amount.trim()) return problem(`give the amount in ${currency}`);
      const minor = minorOf(v.amount, currency);
      if (minor.error) return problem(minor.error);
      return { minor: minor.value, currency };
    }
    case 'interval': {
      const from = readDate(v.from);
      if (from.error) return problem(from.error);
      if (!v.between) return from.first === from.last ? from.first : `${from.first}/${from.last}`;
      if (!v.to.trim()) return problem('give the latest date too, or untick "between two dates"');
      const to = readDate(v.to);
      if (to.error) return problem(to.error);
      if (to.last < from.first) return problem(`the interval ends (${to.last}) before it starts (${from.first})`);
      return from.first === to.last ? from.first : `${from.first}/${to.last}`;
    }
    case 'date': {
      const d = readDate(v, { partial: false });
      return d.error ? problem(d.error) : d.first;
    }
    case 'ref':
      if (!v.id) pending.push({ path, spec, value: v });
      return v.id || v.text.trim();
    case 'refs':
      return v
        .map((one, i) => {
          if (!one.text.trim()) return problem(`choose a ${spec.refKind} or remove this row`, `${path}[${i}]`);
          if (!one.id) pending.push({ path: `${path}[${i}]`, spec, value: one });
          return one.id || one.text.trim();
        })
        .filter((x) => x !== undefined);
    case 'enums':
      return v;
    case 'object': {
      const out = {};
      for (const c of spec.children) {
        const x = fromFormValue(c, v[c.name], `${path}.${c.name}`, problems, pending);
        if (x !== undefined) out[c.name] = x;
      }
      return out;
    }
    case 'objects': {
      const row = { ...spec, widget: 'object', required: false };
      return v.map((one, i) => {
        const at = `${path}[${i}]`;
        if (isEmpty(row, one)) return problem('an empty row: fill it in or remove it', at) || {};
        return fromFormValue(row, one, at, problems, pending);
      });
    }
    case 'integer': {
      const t = v.trim().replace(/[,\s]/g, '');
      if (!/^-?\d+$/.test(t)) return problem(`"${v.trim()}" is not a whole number: write digits, such as 12 or 1,200`);
      const n = Number(t);
      if (n < 0) return problem('must not be negative');
      if (!Number.isSafeInteger(n)) return problem('too large');
      return n;
    }
    case 'number': {
      const n = Number(v.trim().replace(/[,\s]/g, ''));
      return Number.isFinite(n) ? n : problem(`"${v.trim()}" is not a number`);
    }
    case 'boolean':
      return v === 'true';
    case 'list':
      return v.split('\n').map((x) => x.trim()).filter(Boolean);
    case 'keys': {
      const out = {};
      for (const line of v.split('\n').map((x) => x.trim()).filter(Boolean)) {
        const i = line.indexOf('=');
        if (i <= 0) return problem(`"${line}": write name=value, one a line`);
        out[line.slice(0, i).trim()] = line.slice(i + 1).trim();
      }
      return out;
    }
    case 'json':
      try {
        return JSON.parse(v);
      } catch (e) {
        return problem(`not JSON: ${e.message}`);
      }
    default:
      return v.trim();
  }
}

// Every path a field of the form can show a problem at, for placing the server's problems.
export function formPaths(specs, values, prefix = '', out = new Set()) {
  for (const spec of specs) {
    const path = prefix ? `${prefix}.${spec.name}` : spec.name;
    out.add(path);
    const v = values[spec.name];
    if (spec.widget === 'object') formPaths(spec.children, v, path, out);
    if (spec.widget === 'objects') v.forEach((row, i) => formPaths(spec.children, row, `${path}[${i}]`, out));
    if (spec.widget === 'refs') v.forEach((_, i) => out.add(`${path}[${i}]`));
  }
  return out;
}

// The path of the form a server problem belongs to: its field without the "team/t-1: " the
// ledger puts first, shortened until the form has it ("pledged.minor" -> "pledged"), or ''.
export function placeProblem(field, paths) {
  let f = (field || '').replace(/^[a-z]+\/[^:\s]*: /, '');
  while (f) {
    if (paths.has(f)) return f;
    const cut = Math.max(f.lastIndexOf('.'), f.lastIndexOf('['));
    if (cut <= 0) break;
    f = f.slice(0, cut);
  }
  return '';
}

// The id of the control a path's label names: "sent" -> "f-sent", "sources[0].excerpt" ->
// "f-sources-0-excerpt".
export function controlId(path) {
  return `f-${path.replace(/[[\].]+/g, '-').replace(/-$/, '')}`;
}
