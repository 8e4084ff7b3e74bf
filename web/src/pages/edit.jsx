// The form of any record kind, built from the kind's schema in the server's OpenAPI document:
// create (POST /records/{kind}) or replace (PUT .../{id} with If-Match). Every write carries a
// reason (X-Reason). Parties, items, sources and countries are chosen by name with pickers;
// dates are typed or picked, one day or between two; citations are rows of a source and its
// quote (issue 14 item 1). Every problem is shown at once, beside its field and in a summary at
// the top: the form's own checks first (required fields, numbers, dates, intervals, names not
// chosen), and nothing is sent while any remains; then the server's (422: error.problems, each
// naming its field, "sources[1].excerpt").
import { useEffect, useState } from 'preact/hooks';
import { api, openApi } from '../api.js';
import { resolveRef } from '../components/picker.jsx';
import { KIND_LABEL } from '../nav.js';
import { Link, navigate } from '../router.jsx';
import { Field, noun } from './form_fields.jsx';
import { controlId, formPaths, fromFormValue, placeProblem, toFormValue } from './form_values.js';
import { fieldSpec, recordSchema } from './schema.js';

// A copy of `obj` with the value at `keys` (names and list positions) replaced.
function assignIn(obj, keys, v) {
  if (!keys.length) return v;
  const [k, ...rest] = keys;
  const copy = Array.isArray(obj) ? [...obj] : { ...obj };
  copy[k] = assignIn(obj[k], rest, v);
  return copy;
}

function keysOf(path) {
  return path.split(/[.[\]]+/).filter(Boolean).map((k) => (/^\d+$/.test(k) ? Number(k) : k));
}

// Problems as {path: [message]}; the reason's path is '_reason'.
function byPath(problems) {
  const out = {};
  for (const p of problems) (out[p.path] = out[p.path] || []).push(p.message);
  return out;
}

// Focus the control of a path: its input, or the first control inside its group.
function focusPath(path) {
  const id = path === '_reason' ? 'f-reason' : controlId(path);
  const el =
    document.getElementById(id) ||
    document.getElementById(`${id}-amount`) ||
    document.querySelector(`.edit [data-path="${CSS.escape(path)}"] :is(input, select, textarea, button)`);
  el?.focus();
  el?.scrollIntoView?.({ block: 'center' });
}

// The kind's fields in the form's order: its own first, then what every record has.
function specsOf(doc, kind) {
  const schema = recordSchema(doc, kind);
  if (!schema) return null;
  const base = ['sources', 'notes', 'synthetic'];
  const required = new Set(schema.required || []);
  return Object.keys(schema.properties)
    .sort((a, b) => base.includes(a) - base.includes(b))
    .map((name) => fieldSpec(doc, name, schema.properties[name], required.has(name)));
}

// The label of a path in the summary: "sources[1].excerpt" -> "excerpt (citation 2)".
function pathLabel(path) {
  if (path === '_reason') return 'Reason for this change';
  const m = /^(.*)\[(\d+)\]\.?([^.[\]]*)$/.exec(path);
  if (!m) return path;
  const row = `${noun(m[1].split('.').pop())} ${Number(m[2]) + 1}`;
  return m[3] ? `${m[3]} (${row})` : `${m[1]}: ${row}`;
}

function plural(n, one) {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

export function EditPage({ kind, id, user }) {
  const [doc, setDoc] = useState(null);
  const [values, setValues] = useState(null);
  const [etag, setEtag] = useState(null);
  const [reason, setReason] = useState('');
  // {path: [message]}, and the summary's list: [{path, message}] ('' path: not placed).
  const [errors, setErrors] = useState({});
  const [summary, setSummary] = useState(null);
  const [formError, setFormError] = useState(null);
  const [busy, setBusy] = useState(false);
  const editing = Boolean(id);

  useEffect(() => {
    openApi()
      .then(async (d) => {
        setDoc(d);
        let record = {};
        if (editing) {
          const stored = await api(`/records/${kind}/${encodeURIComponent(id)}`);
          record = stored.record;
          setEtag(stored.etag);
        }
        const v = {};
        for (const spec of specsOf(d, kind) || []) v[spec.name] = toFormValue(spec, record[spec.name]);
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
  const specs = doc && specsOf(doc, kind);
  if (formError && !values) {
    return (
      <p class="error" role="alert">
        {formError}
      </p>
    );
  }
  if (!specs || !values) return <p>Loading the form…</p>;

  const setAt = (path, v) => setValues((prev) => assignIn(prev, keysOf(path), v));

  // Problems in the order of the form's fields (the reason last, unplaced ones first).
  const show = (problems, note) => {
    const order = [...formPaths(specs, values), '_reason'];
    const rank = (p) => (p.path ? order.indexOf(p.path) : -1);
    const sorted = [...problems].sort((a, b) => rank(a) - rank(b));
    setErrors(byPath(sorted.filter((p) => p.path)));
    setSummary({ problems: sorted, note });
    setTimeout(() => document.getElementById('error-summary')?.focus(), 0);
  };

  const submit = async (e) => {
    e.preventDefault();
    const problems = [];
    const pending = [];
    const body = {};
    for (const spec of specs) {
      const v = fromFormValue(spec, values[spec.name], spec.name, problems, pending);
      if (v !== undefined) body[spec.name] = v;
    }
    if (!reason.trim()) problems.push({ path: '_reason', message: 'say why the record is written: it is kept in its history' });
    setBusy(true);
    setFormError(null);
    try {
      // Names typed but not chosen from a list: an exact id, code or name counts as chosen.
      const found = await Promise.all(pending.map((p) => resolveRef(p.spec.refKind, p.value.text).catch(() => null)));
      pending.forEach((p, i) => {
        const r = found[i];
        if (r) {
          setAt(p.path, { id: r.id, text: r.name });
          let at = body;
          const keys = keysOf(p.path);
          for (const k of keys.slice(0, -1)) at = at[k];
          at[keys[keys.length - 1]] = r.id;
        } else {
          const what = p.spec.refKind === 'country' ? 'country' : p.spec.refKind;
          problems.push({ path: p.path, message: `no ${what} is called "${p.value.text.trim()}": type part of its name and choose it from the list` });
        }
      });
      if (problems.length) {
        show(problems, `Nothing was saved: ${plural(problems.length, 'problem')} to fix.`);
        return;
      }
      const path = editing ? `/records/${kind}/${encodeURIComponent(id)}` : `/records/${kind}`;
      const saved = await api(path, {
        method: editing ? 'PUT' : 'POST',
        body,
        reason: reason.trim(),
        ifMatch: editing ? etag || '*' : undefined,
      });
      navigate(`/records/${kind}/${encodeURIComponent(saved.id || body.id || id)}`);
    } catch (err) {
      if (err.status === 412) {
        show([{ path: '', message: 'Someone changed this record meanwhile: reload it and make the change again.' }], 'Nothing was saved.');
        return;
      }
      const paths = formPaths(specs, values);
      const raw = err.problems?.length ? err.problems : [{ field: err.field, message: err.message }];
      const placed = raw.map((p) => {
        const at = p.field === 'X-Reason' ? '_reason' : placeProblem(p.field, paths);
        return { path: at, message: at || !p.field ? p.message : `${p.field}: ${p.message}` };
      });
      show(placed, `The server refused the record: ${plural(placed.length, 'problem')} to fix.`);
    } finally {
      setBusy(false);
    }
  };

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
        {summary && summary.problems.length > 0 && (
          <div class="error error-summary" id="error-summary" role="alert" tabIndex={-1}>
            <p>
              <strong>{summary.note}</strong>
            </p>
            <ul>
              {summary.problems.map((p, i) => (
                <li key={i} data-path={p.path || undefined}>
                  {p.path ? (
                    <a
                      href={`#${p.path === '_reason' ? 'f-reason' : controlId(p.path)}`}
                      onClick={(e) => {
                        e.preventDefault();
                        focusPath(p.path);
                      }}
                    >
                      {pathLabel(p.path)}: {p.message}
                    </a>
                  ) : (
                    p.message
                  )}
                </li>
              ))}
            </ul>
          </div>
        )}
        {specs.map((spec) => (
          <Field
            key={spec.name}
            spec={spec}
            path={spec.name}
            label={spec.name}
            value={values[spec.name]}
            errors={errors}
            setAt={setAt}
            readOnly={editing && spec.name === 'id'}
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
