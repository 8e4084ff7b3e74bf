// A picker for a field that names another record (a party, an item, a source, a manufacturer)
// or a country: the coordinator types part of a name (or an id or an ISO code) and chooses
// from a list; the field stores the id. An ARIA 1.2 combobox: an input with role=combobox that
// controls a listbox, arrows move through the options, Enter picks, Escape closes.
//
// Countries come from Debian's iso-codes at build time (scripts/countries.mjs writes
// src/generated/country-names.json: English and Chinese names, alpha-2 and alpha-3 codes),
// loaded with the first picker that needs them. Records come from `GET /records/{kind}?search=`
// (debounced, a few bounded requests per pause in typing).
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, query } from '../api.js';

const kDebounceMs = 200;
// Records asked of the server per search, and options shown.
const kServerLimit = 25;
const kShown = 10;

// Text for matching: lower case, accents taken away ("Côte" -> "cote"), quote marks plain.
export function fold(s) {
  return String(s || '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019]/g, "'")
    .toLowerCase()
    .trim();
}

// How well the folded query q matches a candidate: 0 an exact name, id or code; 1 a name or
// id that starts with q; 2 a word of a name that starts with q; 3 q anywhere in a name;
// Infinity no match. `codes` match only whole (typing "e" does not list every code in E).
export function matchScore(q, names, codes = []) {
  if (!q) return Infinity;
  let best = Infinity;
  for (const c of codes) if (c && fold(c) === q) return 0;
  for (const n of names) {
    const t = fold(n);
    if (!t) continue;
    if (t === q) return 0;
    if (t.startsWith(q)) best = Math.min(best, 1);
    else if (t.split(/[\s,()'/-]+/).some((w) => w.startsWith(q))) best = Math.min(best, 2);
    else if (t.includes(q)) best = Math.min(best, 3);
  }
  return best;
}

let countriesPromise;
// The country table: [{a2, a3, name, zh, others}], loaded once (a chunk of its own).
export function countries() {
  if (!countriesPromise) {
    countriesPromise = import('../generated/country-names.json').then((m) =>
      (m.default || m).map(([a2, a3, name, zh, ...others]) => ({ a2, a3, name, zh, others })),
    );
  }
  return countriesPromise;
}

// An option: {id, name, detail, score}. A country as a party is its party id (lower-case
// alpha-2, the id `aidledger init` gives it); as a country code, its alpha-2 code.
function countryOption(c, asParty, score) {
  const id = asParty ? c.a2.toLowerCase() : c.a2;
  const detail = [asParty ? 'country' : '', c.zh, `${c.a2} / ${c.a3}`].filter(Boolean).join(' · ');
  return { id, name: c.name, detail, score };
}

async function countryOptions(text, asParty) {
  const q = fold(text);
  if (!q) return [];
  const out = [];
  for (const c of await countries()) {
    const score = matchScore(q, [c.name, c.zh, ...c.others], [c.a2, c.a3]);
    if (score < Infinity) out.push(countryOption(c, asParty, score));
  }
  return out;
}

// The name a record is known by, and a line that tells it apart.
function recordName(kind, r) {
  return r.name || r.title || r.outlet || (kind === 'manufacturer' ? r.party : '') || r.id;
}
function recordDetail(kind, r) {
  const parts = [];
  if (kind === 'party') parts.push((r.kind || '').replaceAll('_', ' '));
  if (kind === 'item') parts.push(r.hs_code ? `HS ${r.hs_code}` : '', r.unit);
  if (kind === 'source') parts.push(r.title && r.outlet ? r.outlet : '', typeof r.published === 'string' ? r.published : '');
  if (kind === 'manufacturer') parts.push((r.certificates || []).map((c) => c.scheme).join(', '));
  return parts.filter(Boolean).join(' · ');
}

// The server's search finds the text anywhere in the record's JSON, case not minded (docs/api.md),
// so the text is asked as typed; with several words, its longest word is asked too, for names
// whose words come in another order ("commerce ministry"). What comes back is matched again
// here, accent-insensitively, and ranked.
function spellings(text) {
  const t = text.trim().replace(/\s+/g, ' ');
  const words = t.split(' ');
  if (words.length < 2) return [t];
  const longest = words.reduce((a, b) => (b.length > a.length ? b : a));
  return [...new Set([t, longest])];
}

async function recordOptions(kind, text) {
  const q = fold(text);
  const asks = q ? spellings(text) : [''];
  const pages = await Promise.all(
    asks.map((s) => api(`/records/${kind}${query({ search: s, limit: q ? kServerLimit : kShown })}`)),
  );
  const seen = new Set();
  const out = [];
  for (const page of pages) {
    for (const { id, record } of page.records) {
      if (seen.has(id)) continue;
      seen.add(id);
      const name = recordName(kind, record);
      const score = q ? matchScore(q, [name, id], [record.iso_code]) : 4;
      if (score < Infinity) out.push({ id, name, detail: recordDetail(kind, record), score });
    }
  }
  return out;
}

// The options for `text` in a picker of `kind` ('country' or a record kind), best first.
export async function pickerOptions(kind, text) {
  const lists = await Promise.all([
    kind === 'country' || kind === 'party' ? countryOptions(text, kind === 'party') : [],
    kind === 'country' ? [] : recordOptions(kind, text),
  ]);
  const byId = new Map();
  for (const o of lists.flat()) {
    const had = byId.get(o.id);
    // A country party listed twice keeps the iso-codes row (it has the Chinese name).
    if (!had || o.score < had.score) byId.set(o.id, had && had.detail.includes(' / ') ? { ...had, score: o.score } : o);
  }
  return [...byId.values()]
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name, 'en'))
    .slice(0, kShown);
}

// The record or country a typed text names exactly, for text typed but not picked: an id, an
// ISO code, or a name only one candidate has. Answers {id, name} or null.
export async function resolveRef(kind, text) {
  const t = text.trim();
  if (!t) return null;
  if (kind === 'country' || kind === 'party') {
    const q = fold(t);
    const exact = (await countries()).filter(
      (c) => [c.a2, c.a3, c.name, c.zh, ...c.others].some((n) => n && fold(n) === q),
    );
    if (exact.length === 1) return countryOption(exact[0], kind === 'party', 0);
    if (kind === 'country') return null;
  }
  for (const id of [...new Set([t, t.toLowerCase()])]) {
    try {
      const stored = await api(`/records/${kind}/${encodeURIComponent(id)}`);
      if (!stored.meta?.retired) return { id: stored.id || id, name: recordName(kind, stored.record) };
    } catch (e) {
      if (e.status !== 404 && e.status !== 400) throw e;
    }
  }
  const named = (await recordOptions(kind, t)).filter((o) => o.score === 0);
  return named.length === 1 ? named[0] : null;
}

// The name of a stored id, for a form opened on an existing record.
export async function nameOf(kind, id) {
  if (kind === 'country' || (kind === 'party' && /^[a-z]{2}$/.test(id))) {
    const c = (await countries()).find((x) => x.a2 === id.toUpperCase());
    if (c) return c.name;
  }
  try {
    const stored = await api(`/records/${kind}/${encodeURIComponent(id)}`);
    return recordName(kind, stored.record);
  } catch {
    return null;
  }
}

// The value of a picker is {id, text}: the stored id ('' until something is picked) and the
// text in the box. Props: inputId (its label's `for`), kind, value, onChange, invalid,
// describedBy, readOnly.
export function Picker({ inputId, kind, value, onChange, invalid, describedBy, readOnly }) {
  const [options, setOptions] = useState([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');
  const latest = useRef(value);
  latest.current = value;
  const timer = useRef(null);
  const asked = useRef(0);
  const input = useRef(null);
  const listId = `${inputId}-options`;

  // A stored id gets its name beside it once (an existing record's form).
  useEffect(() => {
    if (!value.id || value.text !== value.id) return;
    nameOf(kind, value.id).then((name) => {
      const now = latest.current;
      if (name && now.id === value.id && now.text === value.id) onChange({ id: value.id, text: name });
    });
  }, [value.id]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const search = (text) => {
    clearTimeout(timer.current);
    const mine = ++asked.current;
    timer.current = setTimeout(async () => {
      setBusy(true);
      try {
        const found = await pickerOptions(kind, text);
        // A list arriving after the coordinator left the field stays closed.
        if (mine !== asked.current || document.activeElement !== input.current) return;
        setOptions(found);
        setActive(found.length ? 0 : -1);
        setOpen(true);
        setNote(found.length ? `${found.length} option${found.length === 1 ? '' : 's'}` : 'nothing found');
      } catch (e) {
        if (mine === asked.current) setNote(`search failed: ${e.message}`);
      } finally {
        if (mine === asked.current) setBusy(false);
      }
    }, kDebounceMs);
  };

  const pick = (o) => {
    clearTimeout(timer.current);
    asked.current += 1;
    onChange({ id: o.id, text: o.name });
    setOpen(false);
    setOptions([]);
    setNote('');
  };

  const onKeyDown = (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) {
        search(value.text);
        return;
      }
      const n = options.length;
      if (n) setActive((i) => (e.key === 'ArrowDown' ? (i + 1) % n : (i - 1 + n) % n));
    } else if (e.key === 'Enter') {
      // Enter picks; it submits the form only when no list is open.
      if (open && active >= 0 && options[active]) {
        e.preventDefault();
        pick(options[active]);
      }
    } else if (e.key === 'Escape') {
      if (open) {
        e.preventDefault();
        setOpen(false);
      }
    }
  };

  // Text typed but not picked: an exact id, code or name is taken as picked.
  const onBlur = () => {
    clearTimeout(timer.current);
    asked.current += 1;
    setBusy(false);
    setOpen(false);
    const typed = latest.current;
    if (typed.id || !typed.text.trim()) return;
    resolveRef(kind, typed.text)
      .then((r) => {
        const now = latest.current;
        if (r && !now.id && now.text === typed.text) onChange({ id: r.id, text: r.name });
      })
      .catch(() => {});
  };

  const activeId = open && active >= 0 ? `${listId}-${active}` : undefined;
  return (
    <div class="picker">
      <input
        ref={input}
        id={inputId}
        type="text"
        role="combobox"
        autocomplete="off"
        spellcheck={false}
        aria-autocomplete="list"
        aria-expanded={open ? 'true' : 'false'}
        aria-controls={listId}
        aria-activedescendant={activeId}
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={[`${inputId}-picked`, describedBy].filter(Boolean).join(' ')}
        aria-busy={busy ? 'true' : undefined}
        readOnly={readOnly}
        value={value.text}
        onInput={(e) => {
          const text = e.currentTarget.value;
          onChange({ id: '', text });
          search(text);
        }}
        onFocus={() => {
          if (!value.id && !readOnly) search(value.text);
        }}
        onKeyDown={onKeyDown}
        onBlur={onBlur}
      />
      <span class={value.id ? 'picked-id' : 'picked-id none'} id={`${inputId}-picked`}>
        {value.id ? `id: ${value.id}` : value.text.trim() ? 'not chosen yet' : ''}
      </span>
      <ul id={listId} role="listbox" class="picker-options" hidden={!open || !options.length} aria-label="Matches">
        {open &&
          options.map((o, i) => (
            <li
              key={o.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active ? 'true' : 'false'}
              class={i === active ? 'active' : undefined}
              data-id={o.id}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(o);
              }}
            >
              <span class="name">{o.name}</span> <span class="detail">{[o.detail, o.id].filter(Boolean).join(' · ')}</span>
            </li>
          ))}
      </ul>
      <span class="sr-only" aria-live="polite">
        {note}
      </span>
    </div>
  );
}
