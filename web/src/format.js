// How numbers read on the dashboard: the figure engine's ranges as words (SPEC.md: "between 7
// and 12"), money in its currency, dates as ISO 8601.

const nf = new Intl.NumberFormat('en');

// How many minor units a currency's major unit has, as a power of ten (2 for CNY, 0 for JPY).
export function minorDigits(currency) {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
  } catch {
    return 2; // an unknown currency code: two digits
  }
}

export function money(minor, currency) {
  if (!currency) return nf.format(minor);
  const digits = minorDigits(currency);
  const value = minor / 10 ** digits;
  const compact = Math.abs(value) >= 1e6;
  return `${new Intl.NumberFormat('en', {
    notation: compact ? 'compact' : 'standard',
    maximumFractionDigits: compact ? 2 : digits,
  }).format(value)} ${currency}`;
}

// A figure's value: "13", "between 7 and 12", "at least 40", or "unknown".
export function rangeText(figure, unit) {
  if (figure.rate_missing) return missingRateText(figure);
  const show = (n) => (figure.currency ? money(n, figure.currency) : nf.format(n)) + (unit ? ` ${unit}` : '');
  const unknownParts = (figure.unknown_values || []).length > 0;
  if (unknownParts && figure.possible === 0 && !figure.declarations) return 'unknown';
  // Exports with days no published total or customs record covers: what is known of the rest.
  if (unknownParts || (figure.uncovered || []).length > 0) return `at least ${show(figure.certain)}`;
  if (figure.certain === figure.possible) return show(figure.certain);
  return `between ${show(figure.certain)} and ${show(figure.possible)}`;
}

export function number(n) {
  return n === null || n === undefined ? 'unknown' : nf.format(n);
}

export function isoDate(d) {
  return d.toISOString().slice(0, 10);
}

export function addDays(iso, n) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return isoDate(d);
}

export function daysBetween(a, b) {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400000);
}

// "team/team-it-1" -> ["team", "team-it-1"]
export function splitRef(ref) {
  const i = ref.indexOf('/');
  return [ref.slice(0, i), ref.slice(i + 1)];
}

export const VERDICT_TEXT = {
  agrees: 'agrees',
  disagrees: 'disagrees',
  ledger_incomplete: 'ledger incomplete',
  unknown: 'number unknown',
};

// A field's value as short text for tables.
export function cellText(v) {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(cellText).join(', ');
  if (typeof v === 'object') {
    if ('minor' in v && 'currency' in v) return money(v.minor, v.currency);
    return Object.values(v).map(cellText).filter(Boolean).join(' ');
  }
  if (typeof v === 'number') return nf.format(v);
  return String(v);
}

// A destination as words: "Togo (tg)" for an ISO 3166-1 alpha-2 code (the browser's own
// region names, no data to load), else the party id as it is.
let regionNames;
export function placeName(id) {
  if (!id) return '';
  if (!/^[a-z]{2}$/i.test(id)) return id;
  try {
    regionNames = regionNames || new Intl.DisplayNames(['en'], { type: 'region' });
    const name = regionNames.of(id.toUpperCase());
    return name && name !== id.toUpperCase() ? `${name} (${id})` : id;
  } catch {
    return id;
  }
}

// Money in full for people to read out or quote: "USD 20,000,000.00" (minor units in, major
// units out, every digit of the currency shown).
export function moneyFull(minor, currency) {
  const digits = minorDigits(currency);
  const value = minor / 10 ** digits;
  return `${currency} ${new Intl.NumberFormat('en', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value)}`;
}

// A figure asked in a reporting currency whose rate is missing: unknown, never 0, and which
// rate ("unknown (no CNY to USD rate for 2020-04-04)").
export function missingRateText(figure) {
  const missing = (figure.conversions || []).filter((c) => c.missing).map((c) => c.missing);
  return `unknown (${missing.join('; ') || 'a rate is missing'})`;
}

// How a figure in a reporting currency was converted: "CNY 10,200,000,000.00 at USD 100 = CNY
// 707.71 (cfets-20200401-usd, 2020-04-01)", one line per part in another currency.
export function conversionLines(figure) {
  return (figure.conversions || [])
    .filter((c) => c.rate)
    .map((c) => {
      const amount =
        c.certain === c.possible ? moneyFull(c.certain, c.from) : `${moneyFull(c.certain, c.from)} to ${moneyFull(c.possible, c.from)}`;
      return { text: `${amount} at ${c.rate.words}`, sources: c.rate.sources || [], id: c.rate.id };
    });
}

// A figure's value as the briefing says it: rangeText with money in full; "unknown" when
// any part of it is unknown and nothing is certain.
export function figureText(figure) {
  if (!figure) return 'none';
  if (figure.rate_missing) return missingRateText(figure);
  const show = (n) => (figure.currency ? moneyFull(n, figure.currency) : nf.format(n));
  const unknownParts = (figure.unknown_values || []).length > 0;
  if (unknownParts && figure.possible === 0 && !figure.declarations) return 'unknown';
  // Exports with days no published total or customs record covers: what is known of the rest.
  if (unknownParts || (figure.uncovered || []).length > 0) return `at least ${show(figure.certain)}`;
  if (figure.certain === figure.possible) return show(figure.certain);
  return `between ${show(figure.certain)} and ${show(figure.possible)}`;
}

// The metric catalogue's descriptions (core/include/aidledger/core/figures/metrics.h).
export const METRIC_LABEL = {
  'teams.sent': 'medical teams sent',
  'teams.host_countries': 'countries and regions hosting a team',
  'teams.members': 'members of the teams sent',
  'supplies.recipients.countries': 'countries and regions reached by supplies',
  'supplies.recipients.organisations': 'international organisations reached by supplies',
  'supplies.recipients.all': 'countries, regions and organisations reached by supplies',
  'cash.total': 'cash pledged',
  'cash.paid': 'cash paid',
  'exchanges.events': 'expert exchanges held',
  'exchanges.participant_countries': 'countries and regions taking part in expert exchanges',
  'exchanges.participants.all': 'countries, regions and organisations taking part in expert exchanges',
  'contracts.signed.countries': 'countries and regions that signed procurement contracts',
  'contracts.signed.organisations': 'organisations that signed procurement contracts',
  'contracts.in_talks.countries': 'countries and regions in talks, with no contract signed',
  'contracts.in_talks.organisations': 'organisations in talks, with no contract signed',
  'exports.quantity': 'quantity exported over the period',
  'exports.value': 'value exported over the period',
  'commitments.made': 'commitments made',
  'commitments.fulfilled': 'commitments with a record that fulfils them',
};

// The keys that split a metric's figures (a figure or a claim without them is the total).
export const FIGURE_KEYS = ['host_country', 'provider_kind', 'recipient', 'product', 'currency'];

// One string per metric and keys, to match a figure with its published claims and changes.
export function figureKey(f) {
  return [f.metric, ...FIGURE_KEYS.map((k) => f[k] ?? '')].join('|');
}

// The keys of a figure or claim in words: "Kazakhstan", "by central government", "masks".
export function keysText(f) {
  const out = [];
  if (f.host_country) out.push(placeName(f.host_country));
  if (f.recipient) out.push(`to ${placeName(f.recipient)}`);
  if (f.product) out.push(f.product.replace(/-/g, ' '));
  if (f.provider_kind) out.push(`by ${f.provider_kind.replace(/_/g, ' ')}`);
  return out.join(', ');
}

// "medical teams sent: Italy (it)"
export function figureLabel(f) {
  const keys = keysText(f);
  const label = METRIC_LABEL[f.metric] || f.metric;
  return keys ? `${label}: ${keys}` : label;
}

const QUALIFIER_TEXT = { exact: '', at_least: 'over ', about: 'about ', at_most: 'at most ' };

// A claim's stated value: "13", "over 70", "USD 20,000,000.00", or "unknown".
export function claimValue(c) {
  if (c.value === null || c.value === undefined) return 'unknown';
  const v = c.currency ? moneyFull(c.value, c.currency) : nf.format(c.value);
  return `${QUALIFIER_TEXT[c.qualifier] ?? ''}${v}`;
}

// A claim's ledger range at its date: "7 to 13", "13", "at least 4".
export function ledgerText(c) {
  const l = c.ledger || {};
  if (l.certain === undefined || l.certain === null) return 'unknown';
  const show = (n) => (c.currency ? moneyFull(n, c.currency) : nf.format(n));
  if (l.lower_bound) return `at least ${show(l.certain)}`;
  return l.certain === l.possible ? show(l.certain) : `${show(l.certain)} to ${show(l.possible)}`;
}

// "2020-04-10" -> "10 April 2020"
export function longDate(iso) {
  if (!iso || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso || '';
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}
