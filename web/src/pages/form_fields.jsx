// The controls of the record form (edit.jsx), one per widget of schema.js: text, numbers,
// choices, money, dates (one day, or between two), pickers of records and countries, and lists
// of nested rows (item lines, citations). Each control has a label; each shows the problems of
// its own path beside it (form_values.js names problems by path).
import { Picker } from '../components/picker.jsx';
import { controlId, emptyRow, readDate } from './form_values.js';

// What one row of a list is called, for its legend and its buttons.
const ROW_NOUN = { sources: 'citation', lines: 'line', history: 'status', certificates: 'certificate', to: 'party', participants: 'participant', recommended: 'manufacturer' };

export function noun(name) {
  return ROW_NOUN[name] || 'row';
}

function FieldError({ id, errors }) {
  if (!errors || !errors.length) return null;
  return (
    <p class="field-error" id={id}>
      {errors.join('; ')}
    </p>
  );
}

function LabelText({ text, required }) {
  return (
    <>
      {text}
      {required && <span class="req"> (required)</span>}
    </>
  );
}

function hintOf(spec) {
  switch (spec.widget) {
    case 'interval':
      return 'type YYYY-MM-DD (YYYY-MM for a month, YYYY for a year) or use the calendar; tick "between two dates" when a report only bounds it';
    case 'date':
      return 'type YYYY-MM-DD or use the calendar';
    case 'ref':
    case 'refs':
      return spec.refKind === 'country'
        ? 'type a country\u2019s name (English or Chinese) or its ISO code, and choose it from the list'
        : `type part of the ${spec.refKind}\u2019s name or id, and choose it from the list`;
    case 'list':
      return 'one a line';
    case 'keys':
      return 'name=value, one a line';
    case 'json':
      return 'JSON';
    default:
      return spec.schema.description || '';
  }
}

// One field at `path` (its name, or "lines[0].item" inside a list). `label` is the text of its
// label; `errors` maps paths to problems; `setAt(path, value)` changes one value of the form.
export function Field({ spec, path, label, value, errors, setAt, readOnly }) {
  const id = controlId(path);
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const own = errors[path];
  const invalid = Boolean(own && own.length);
  const hint = hintOf(spec);
  const describedBy = [hint ? hintId : '', invalid ? errorId : ''].filter(Boolean).join(' ') || undefined;
  const onChange = (v) => setAt(path, v);
  const common = { id, name: path, 'aria-invalid': invalid ? 'true' : undefined, 'aria-describedby': describedBy, readOnly };
  const wrap = (input, cls = '') => (
    <div class={`field ${cls} ${invalid ? 'invalid' : ''}`.trim()} data-path={path}>
      <label for={id}>
        <LabelText text={label} required={spec.required} />
      </label>
      {input}
      {hint && (
        <p class="hint" id={hintId}>
          {hint}
        </p>
      )}
      <FieldError id={errorId} errors={own} />
    </div>
  );

  switch (spec.widget) {
    case 'object':
    case 'objects':
    case 'refs':
    case 'enums':
    case 'money':
      return <Group spec={spec} path={path} label={label} value={value} errors={errors} setAt={setAt} />;
    case 'enum':
    case 'boolean': {
      const options = spec.widget === 'enum' ? spec.schema.enum : ['true', 'false'];
      return wrap(
        <select {...common} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
          <option value="">{spec.widget === 'boolean' ? '(not set)' : spec.required ? 'choose…' : '(none)'}</option>
          {options.map((v) => (
            <option key={v} value={v}>
              {spec.widget === 'boolean' ? (v === 'true' ? 'yes' : 'no') : v.replaceAll('_', ' ')}
            </option>
          ))}
        </select>,
      );
    }
    case 'ref':
      return wrap(
        <Picker
          inputId={id}
          kind={spec.refKind}
          value={value}
          onChange={onChange}
          invalid={invalid}
          describedBy={describedBy}
          readOnly={readOnly}
        />,
        'ref',
      );
    case 'interval':
    case 'date':
      return wrap(<DateInput spec={spec} id={id} label={label} value={value} common={common} onChange={onChange} />, 'when');
    case 'text':
    case 'list':
    case 'keys':
    case 'json':
      return wrap(
        <textarea
          {...common}
          rows={spec.widget === 'json' || spec.name === 'text' ? Math.min(12, Math.max(4, value.split('\n').length)) : 3}
          class={spec.widget === 'json' ? 'mono' : undefined}
          value={value}
          onInput={(e) => onChange(e.currentTarget.value)}
        />,
      );
    default:
      return wrap(
        <input
          {...common}
          inputMode={spec.widget === 'integer' ? 'numeric' : spec.widget === 'number' ? 'decimal' : undefined}
          value={value}
          onInput={(e) => onChange(e.currentTarget.value)}
        />,
      );
  }
}

// A date typed or picked on the browser's calendar; an uncertain one (widget 'interval') may be
// "between" two dates. The typed text is what is kept: the calendar fills it in.
function DateInput({ spec, id, label, value, common, onChange }) {
  const interval = spec.widget === 'interval';
  const text = interval ? value.from : value;
  const setText = (t) => onChange(interval ? { ...value, from: t } : t);
  const full = (t) => (/^\d{4}-\d{2}-\d{2}$/.test(t.trim()) ? t.trim() : '');
  const read = interval && text.trim() ? readDate(text) : null;
  const readTo = interval && value.between && value.to.trim() ? readDate(value.to) : null;
  let reading = '';
  if (read && !read.error) {
    const last = readTo && !readTo.error ? readTo.last : read.last;
    if (read.first < last) reading = `saved as between ${read.first} and ${last}`;
  }
  return (
    <div class="date-input">
      <span class="date-row">
        <input {...common} class="date-text" placeholder="YYYY-MM-DD" value={text} onInput={(e) => setText(e.currentTarget.value)} />
        <label class="sr-only" for={`${id}-calendar`}>
          Calendar for {label}
        </label>
        <input
          id={`${id}-calendar`}
          type="date"
          min="1900-01-01"
          max="2200-12-31"
          tabIndex={-1}
          value={full(text)}
          onInput={(e) => e.currentTarget.value && setText(e.currentTarget.value)}
        />
        {interval && (
          <label class="check">
            <input
              type="checkbox"
              id={`${id}-between`}
              checked={value.between}
              onChange={(e) => onChange({ ...value, between: e.currentTarget.checked })}
            />
            between two dates
          </label>
        )}
      </span>
      {interval && value.between && (
        <span class="date-row">
          <label for={`${id}-to`}>
            and<span class="sr-only"> the latest date of {label}</span>
          </label>
          <input
            id={`${id}-to`}
            class="date-text"
            placeholder="YYYY-MM-DD"
            aria-invalid={common['aria-invalid']}
            aria-describedby={common['aria-describedby']}
            value={value.to}
            onInput={(e) => onChange({ ...value, to: e.currentTarget.value })}
          />
          <label class="sr-only" for={`${id}-to-calendar`}>
            Calendar for the latest date of {label}
          </label>
          <input
            id={`${id}-to-calendar`}
            type="date"
            min="1900-01-01"
            max="2200-12-31"
            tabIndex={-1}
            value={full(value.to)}
            onInput={(e) => e.currentTarget.value && onChange({ ...value, to: e.currentTarget.value })}
          />
        </span>
      )}
      {reading && <span class="reading">{reading}</span>}
    </div>
  );
}

// Fields made of several controls, in a fieldset: money, nested objects, lists of rows, lists
// of pickers, sets of choices.
function Group({ spec, path, label, value, errors, setAt }) {
  const id = controlId(path);
  const errorId = `${id}-error`;
  const own = errors[path];
  const invalid = Boolean(own && own.length);
  const legend = (
    <legend id={`${id}-legend`}>
      <LabelText text={label} required={spec.required} />
    </legend>
  );
  let body;
  if (spec.widget === 'money') {
    body = (
      <>
        <label for={`${id}-amount`}>Amount (in the currency's units, such as 20,000,000.00)</label>
        <input
          id={`${id}-amount`}
          name={`${path}.amount`}
          inputMode="decimal"
          value={value.amount}
          aria-invalid={invalid ? 'true' : undefined}
          aria-describedby={invalid ? errorId : undefined}
          onInput={(e) => setAt(path, { ...value, amount: e.currentTarget.value })}
        />
        <label for={`${id}-currency`}>Currency (ISO 4217)</label>
        <input
          id={`${id}-currency`}
          name={`${path}.currency`}
          size={4}
          maxLength={3}
          value={value.currency}
          onInput={(e) => setAt(path, { ...value, currency: e.currentTarget.value })}
        />
      </>
    );
  } else if (spec.widget === 'object') {
    body = spec.children.map((c) => (
      <Field
        key={c.name}
        spec={c}
        path={`${path}.${c.name}`}
        label={c.name}
        value={value[c.name]}
        errors={errors}
        setAt={setAt}
      />
    ));
  } else if (spec.widget === 'enums') {
    body = (
      <span class="choices" id={id} tabIndex={-1}>
        {spec.values.map((v) => (
          <label class="check" key={v}>
            <input
              type="checkbox"
              name={path}
              value={v}
              checked={value.includes(v)}
              onChange={(e) =>
                setAt(path, e.currentTarget.checked ? [...value, v] : value.filter((x) => x !== v))
              }
            />
            {v.replaceAll('_', ' ')}
          </label>
        ))}
      </span>
    );
  } else {
    const what = noun(spec.name);
    const remove = (i) => setAt(path, value.filter((_, j) => j !== i));
    body = (
      <>
        {value.length === 0 && <p class="note">None yet.</p>}
        {value.map((row, i) => {
          const rowPath = `${path}[${i}]`;
          const rowErrors = errors[rowPath];
          if (spec.widget === 'refs') {
            return (
              <div class="list-row" key={i}>
                <Field
                  spec={{ ...spec, widget: 'ref', required: false }}
                  path={rowPath}
                  label={`${label}: ${what} ${i + 1}`}
                  value={row}
                  errors={errors}
                  setAt={setAt}
                />
                <button type="button" class="link remove" onClick={() => remove(i)}>
                  Remove {what} {i + 1}
                </button>
              </div>
            );
          }
          return (
            <fieldset class={rowErrors ? 'row invalid' : 'row'} key={i} data-path={rowPath}>
              <legend>
                {what.charAt(0).toUpperCase() + what.slice(1)} {i + 1}
              </legend>
              {spec.children.map((c) => (
                <Field
                  key={c.name}
                  spec={c}
                  path={`${rowPath}.${c.name}`}
                  label={`${c.name} (${what} ${i + 1})`}
                  value={row[c.name]}
                  errors={errors}
                  setAt={setAt}
                />
              ))}
              <FieldError id={`${controlId(rowPath)}-error`} errors={rowErrors} />
              <button type="button" class="link remove" id={controlId(rowPath)} onClick={() => remove(i)}>
                Remove {what} {i + 1}
              </button>
            </fieldset>
          );
        })}
        <p class="actions">
          <button type="button" class="secondary" id={`${id}-add`} onClick={() => setAt(path, [...value, emptyRow(spec)])}>
            Add a{/^[aeiou]/.test(what) ? 'n' : ''} {what}
          </button>
        </p>
      </>
    );
  }
  return (
    <fieldset class={`field group ${spec.widget} ${invalid ? 'invalid' : ''}`.trim()} data-path={path}>
      {legend}
      {body}
      <FieldError id={errorId} errors={own} />
    </fieldset>
  );
}
