// How numbers read on the dashboard: the figure engine's ranges as words (SPEC.md: "between 7
// and 12"), money in its currency, dates as ISO 8601.

const nf = new Intl.NumberFormat('en');

export function money(minor, currency) {
  if (!currency) return nf.format(minor);
  let digits = 2;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits;
  } catch {
    /* an unknown currency code: two digits */
  }
  const value = minor / 10 ** digits;
  const compact = Math.abs(value) >= 1e6;
  return `${new Intl.NumberFormat('en', {
    notation: compact ? 'compact' : 'standard',
    maximumFractionDigits: compact ? 2 : digits,
  }).format(value)} ${currency}`;
}

// A figure's value: "13", "between 7 and 12", "at least 40", or "unknown".
export function rangeText(figure, unit) {
  const show = (n) => (figure.currency ? money(n, figure.currency) : nf.format(n)) + (unit ? ` ${unit}` : '');
  const unknownParts = (figure.unknown_values || []).length > 0;
  if (unknownParts && figure.possible === 0) return 'unknown';
  if (unknownParts) return `at least ${show(figure.certain)}`;
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
