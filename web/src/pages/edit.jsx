// The form of any record kind, built from the kind's schema in the server's OpenAPI document:
// create (POST /records/{kind}) or replace (PUT .../{id} with If-Match). Every write carries a
// reason (X-Reason). The server's validation problems (422: error.problems, each with its
// field) are shown next to the fields they name.
import { useEffect, useState } from 'preact/hooks';
import { api, openApi } from '../api.js';
import { minorDigits } from '../format.js';
import { KIND_LABEL } from '../nav.js';
import { Link, navigate } from '../router.jsx';
import { recordSchema, resolve, widgetOf } from './schema.js';

// Money is typed in major units, as people write it ("20,000,000.50" USD), and sent in exact
// minor units (issue 14 item 3): converted with integers, never through a float.
function majorText(minor, currency) {
  const digits = minorDigits(currency);
  const n = BigInt(minor);
  const sign = n < 0n ? '-' : '';
  const abs = (n < 0n ? -n : n).toString().padStart(digits + 1, '0');
  return digits ? `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}` : `${sign}${abs}`;
}

function minorOf(amount, currency) {
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

// The form's text of a field's value, and back.
function toText(widget, v) {
  if (v === undefined || v === null) return widget === 'money' ? { amount: '', currency: '' } : '';
  switch (widget) {
    case 'list':
      return v.join('\n');
    case 'json':
      return JSON.stringify(v, null, 2);
    case 'money':
      return {
        amount: v.minor === undefined || v.minor === null ? '' : majorText(v.minor, v.currency || 'XXX'),
        currency: v.currency ?? '',
      };
    case 'date':
      return typeof v === 'object' ? `${v.earliest}/${v.latest}` : String(v);
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      return String(v);
  }
}

// The JSON value of a field's text: undefined when left empty (an unknown value is left out,
// never 0), or {error} when the text cannot be read.
function fromText(widget, text) {
  if (widget === 'money') {
    const currency = text.currency.trim().toUpperCase();
    if (!text.amount.trim() && !currency) return undefined;
    if (!/^[A-Z]{3}$/.test(currency)) return { error: 'give the currency (ISO 4217, such as USD)' };
    const minor = minorOf(text.amount, currency);
    if (minor.error) return minor;
    return { value: { minor: minor.value, currency } };
  }
  const t = typeof text === 'string' ? text.trim() : text;
  if (t === '') return undefined;
  switch (widget) {
    case 'integer':
      // Sent as typed when it is not a number, so that the server names the problem.
      return { value: /^-?\d+$/.test(t) ? Number(t) : t };
    case 'number':
      return { value: Number.isFinite(Number(t)) ? Number(t) : t };
    case 'boolean':
      return { value: t === 'true' };
    case 'list':
      return { value: t.split('\n').map((x) => x.trim()).filter(Boolean) };
    case 'json':
      try {
        return { value: JSON.parse(t) };
      } catch (e) {
        return { error: `not JSON: ${e.message}` };
      }
    default:
      return { value: t };
  }
}

// The field a server problem names: "sent", "lines[0].quantity" -> "lines", "body:3:4" -> ''.
function fieldOfProblem(field, names) {
  if (!field) return '';
  const head = field.split(/[.[:]/)[0];
  return names.includes(head) ? head : '';
}

export function EditPage({ kind, id, user }) {
  const [doc, setDoc] = useState(null);
  const [values, setValues] = useState(null);
  const [etag, setEtag] = useState(null);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState({});
  const [formError, setFormError] = useState(null);
  const [busy, setBusy] = useState(false);
  const editing = Boolean(id);

  useEffect(() => {
    openApi()
      .then(async (d) => {
        setDoc(d);
        const schema = recordSchema(d, kind);
        let record = {};
        if (editing) {
          const stored = await api(`/records/${kind}/${encodeURIComponent(id)}`);
          record = stored.record;
          setEtag(stored.etag);
        }
        const v = {};
        for (const [name, s] of Object.entries(schema?.properties || {})) {
          v[name] = toText(widgetOf(d, s), record[name]);
        }
        setValues(v);
      })
      .catch((e) => setFormError(e.message));
  }, [kind, id]);

  if (!user || user.role === 'viewer') {
    return (
      <section>
        <h1>{editing ? 'Edit' : 'Add'} a record</h1>
        <p>
          Editors and admins write records: <Link href={`/signin?next=${encodeURIComponent(location.pathname)}`}>sign in</Link>.
        </p>
      </section>
    );
  }
  const schema = recordSchema(doc, kind);
  if (formError && !values) {
    return (
      <p class="error" role="alert">
        {formError}
      </p>
    );
  }
  if (!schema || !values) return <p>Loading the form…</p>;
  // The kind's own fields first, then what every record has (sources, notes, synthetic).
  const base = ['sources', 'notes', 'synthetic'];
  const names = Object.keys(schema.properties).sort(
    (a, b) => base.includes(a) - base.includes(b),
  );
  const required = new Set(schema.required || []);

  const submit = async (e) => {
    e.preventDefault();
    const body = {};
    const local = {};
    for (const name of names) {
      const widget = widgetOf(doc, schema.properties[name]);
      const r = fromText(widget, values[name]);
      if (!r) continue;
      if (r.error) local[name] = [r.error];
      else body[name] = r.value;
    }
    if (!reason.trim()) local._reason = ['say why the record is written: it is kept in its history'];
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length) {
      focusFirstError();
      return;
    }
    setBusy(true);
    try {
      const path = editing ? `/records/${kind}/${encodeURIComponent(id)}` : `/records/${kind}`;
      const saved = await api(path, {
        method: editing ? 'PUT' : 'POST',
        body,
        reason: reason.trim(),
        ifMatch: editing ? etag || '*' : undefined,
      });
      navigate(`/records/${kind}/${encodeURIComponent(saved.id || body.id || id)}`);
    } catch (err) {
      const byField = {};
      const problems = err.problems.length ? err.problems : [{ field: err.field, message: err.message }];
      const unplaced = [];
      for (const p of problems) {
        const f = p.field === 'X-Reason' ? '_reason' : fieldOfProblem(p.field, names);
        if (f) (byField[f] = byField[f] || []).push(p.message);
        else unplaced.push(p.field ? `${p.field}: ${p.message}` : p.message);
      }
      setErrors(byField);
      setFormError(
        err.status === 412
          ? 'Someone changed this record meanwhile: reload it and make the change again.'
          : unplaced.length
            ? unplaced.join('; ')
            : `The server refused the record (${Object.keys(byField).length} field${Object.keys(byField).length === 1 ? '' : 's'} to fix).`,
      );
      focusFirstError();
    } finally {
      setBusy(false);
    }
  };

  const set = (name, v) => setValues({ ...values, [name]: v });

  return (
    <section class="edit">
      <p class="crumbs">
        <Link href={`/records/${kind}`}>{KIND_LABEL[kind] || kind}</Link> /
      </p>
      <h1>
        {editing ? `Edit ${id}` : `Add a record: ${(KIND_LABEL[kind] || kind).toLowerCase()}`}
      </h1>
      <form class="form" onSubmit={submit} noValidate>
        {formError && (
          <p class="error" role="alert" id="form-error">
            {formError}
          </p>
        )}
        {names.map((name) => (
          <Field
            key={name}
            name={name}
            schema={resolve(doc, schema.properties[name])}
            widget={widgetOf(doc, schema.properties[name])}
            value={values[name]}
            required={required.has(name)}
            readOnly={editing && name === 'id'}
            errors={errors[name]}
            onChange={(v) => set(name, v)}
          />
        ))}
        <div class={errors._reason ? 'field invalid' : 'field'}>
          <label for="f-reason">
            Reason for this change <span class="req">(required; kept in the history)</span>
          </label>
          <textarea
            id="f-reason"
            name="reason"
            rows={2}
            value={reason}
            aria-invalid={errors._reason ? 'true' : undefined}
            aria-describedby={errors._reason ? 'f-reason-error' : undefined}
            onInput={(e) => setReason(e.currentTarget.value)}
          />
          {errors._reason && (
            <p class="field-error" id="f-reason-error">
              {errors._reason.join('; ')}
            </p>
          )}
        </div>
        <p class="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Saving…' : editing ? 'Save the new version' : 'Add the record'}
          </button>{' '}
          <Link href={editing ? `/records/${kind}/${encodeURIComponent(id)}` : `/records/${kind}`}>Cancel</Link>
        </p>
      </form>
    </section>
  );
}

// An empty example of a nested field's JSON, from its schema: [{"source": "", "excerpt": ""}].
function skeleton(schema) {
  const props = schema.items?.properties || schema.properties;
  if (!props && schema.items?.$ref) return schema.items.$ref.endsWith('Citation') ? '[{"source": "", "excerpt": ""}]' : '[]';
  if (!props) return schema.type === 'array' ? '[]' : '{}';
  const one = `{${Object.keys(props).map((k) => `"${k}": …`).join(', ')}}`;
  return schema.type === 'array' || schema.items ? `[${one}]` : one;
}

function focusFirstError() {
  setTimeout(() => {
    const el = document.querySelector('.edit [aria-invalid="true"]') || document.getElementById('form-error');
    el?.focus();
  }, 0);
}

function Field({ name, schema, widget, value, required, readOnly, errors, onChange }) {
  const id = `f-${name}`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const invalid = errors && errors.length > 0;
  const hint =
    widget === 'date'
      ? 'YYYY-MM-DD, or FROM/TO when a report only bounds the date'
      : widget === 'list'
        ? 'one a line'
        : widget === 'json'
          ? 'JSON'
          : schema.description || '';
  const common = {
    id,
    name,
    'aria-invalid': invalid ? 'true' : undefined,
    'aria-describedby': [hint ? hintId : '', invalid ? errorId : ''].filter(Boolean).join(' ') || undefined,
    readOnly,
  };
  let input;
  if (widget === 'enum') {
    input = (
      <select {...common} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{required ? 'choose…' : '(none)'}</option>
        {schema.enum.map((v) => (
          <option key={v} value={v}>
            {v.replaceAll('_', ' ')}
          </option>
        ))}
      </select>
    );
  } else if (widget === 'boolean') {
    input = (
      <select {...common} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">(not set)</option>
        <option value="true">yes</option>
        <option value="false">no</option>
      </select>
    );
  } else if (widget === 'money') {
    return (
      <fieldset class={invalid ? 'field money invalid' : 'field money'}>
        <legend>
          {name}
          {required && <span class="req"> (required)</span>}
        </legend>
        <label for={`${id}-amount`}>Amount (in the currency's units, such as 20,000,000.00)</label>
        <input
          id={`${id}-amount`}
          inputMode="decimal"
          value={value.amount}
          aria-invalid={invalid ? 'true' : undefined}
          aria-describedby={invalid ? errorId : undefined}
          onInput={(e) => onChange({ ...value, amount: e.currentTarget.value })}
        />
        <label for={`${id}-currency`}>Currency (ISO 4217)</label>
        <input
          id={`${id}-currency`}
          size={4}
          maxLength={3}
          value={value.currency}
          onInput={(e) => onChange({ ...value, currency: e.currentTarget.value })}
        />
        {invalid && (
          <p class="field-error" id={errorId}>
            {errors.join('; ')}
          </p>
        )}
      </fieldset>
    );
  } else if (widget === 'json' || widget === 'list' || name === 'notes') {
    input = (
      <textarea
        {...common}
        rows={widget === 'json' ? Math.min(12, Math.max(3, value.split('\n').length)) : 3}
        class={widget === 'json' ? 'mono' : undefined}
        placeholder={widget === 'json' ? skeleton(schema) : undefined}
        value={value}
        onInput={(e) => onChange(e.currentTarget.value)}
      />
    );
  } else {
    input = (
      <input
        {...common}
        inputMode={widget === 'integer' ? 'numeric' : undefined}
        placeholder={widget === 'date' ? 'YYYY-MM-DD' : undefined}
        value={value}
        onInput={(e) => onChange(e.currentTarget.value)}
      />
    );
  }
  return (
    <div class={invalid ? 'field invalid' : 'field'}>
      <label for={id}>
        {name}
        {required && <span class="req"> (required)</span>}
      </label>
      {input}
      {hint && (
        <p class="hint" id={hintId}>
          {hint}
        </p>
      )}
      {invalid && (
        <p class="field-error" id={errorId}>
          {errors.join('; ')}
        </p>
      )}
    </div>
  );
}
