// Small SVG charts: a cumulative series over dates, drawn as the band between what surely
// happened (certain) and what may have (possible), with its own axis so that counts of teams
// and billions of exports can sit side by side.
import { number } from '../format.js';
import { CsvButton } from './data.jsx';

const W = 320;
const H = 170;
const M = { l: 44, r: 12, t: 12, b: 28 };

function ticks(max) {
  if (max <= 0) return [0];
  const step = 10 ** Math.floor(Math.log10(max));
  const unit = max / step > 5 ? step * 2 : max / step > 2 ? step : step / 2;
  const out = [];
  // Up to the first tick at or above the maximum, so that the axis covers every value.
  for (let v = 0; out.length === 0 || out[out.length - 1] < max - 1e-9; v += unit) out.push(v);
  return out;
}

export function short(v) {
  return new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 }).format(v);
}

// points: [{date, certain, possible}], dates ascending; marker: a date to mark; `tick` labels
// the axis.
export function BandChart({ title, points, marker, format = number, tick = short }) {
  if (!points.length) return null;
  const max = Math.max(1, ...points.map((p) => p.possible));
  const t = ticks(max);
  const top = t[t.length - 1] || max;
  const x = (i) => M.l + ((W - M.l - M.r) * i) / Math.max(1, points.length - 1);
  const y = (v) => H - M.b - ((H - M.t - M.b) * v) / top;
  const upper = points.map((p, i) => `${x(i)},${y(p.possible)}`);
  const lower = points.map((p, i) => `${x(i)},${y(p.certain)}`).reverse();
  const line = points.map((p, i) => `${i ? 'L' : 'M'}${x(i)},${y(p.certain)}`).join('');
  const mi = marker ? points.findIndex((p) => p.date >= marker) : -1;
  const last = points[points.length - 1];
  const first = points[0];
  return (
    <figure class="chart">
      <figcaption>
        <strong>{title}</strong>
        <span class="chart-last">
          {last.date}: {last.certain === last.possible ? format(last.certain) : `${format(last.certain)}–${format(last.possible)}`}
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title} from ${first.date} to ${last.date}`}>
        {t.map((v) => (
          <g key={v}>
            <line x1={M.l} x2={W - M.r} y1={y(v)} y2={y(v)} class="grid" />
            <text x={M.l - 6} y={y(v)} dy="0.32em" text-anchor="end" class="tick">
              {tick(v)}
            </text>
          </g>
        ))}
        <polygon points={[...upper, ...lower].join(' ')} class="band" />
        <path d={line} class="line" />
        {mi >= 0 && <line x1={x(mi)} x2={x(mi)} y1={M.t} y2={H - M.b} class="marker" />}
        <text x={M.l} y={H - 8} class="tick">
          {first.date}
        </text>
        <text x={W - M.r} y={H - 8} text-anchor="end" class="tick">
          {last.date}
        </text>
      </svg>
    </figure>
  );
}

// Horizontal bars: [{label, value, note?}]; a note follows the value (e.g. a basis).
export function Bars({ title, rows, format = number }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <figure class="bars">
      <figcaption>
        <strong>{title}</strong>
      </figcaption>
      <table>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td>
                <span class="bar" style={{ width: `${(100 * r.value) / max}%` }} />
              </td>
              <td class="num">
                {format(r.value)}
                {r.note && <small class="bar-note"> {r.note}</small>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="table-tools">
        <CsvButton
          name={title}
          rows={rows}
          columns={[
            { header: 'label', value: (r) => r.label },
            { header: 'value', value: (r) => format(r.value) },
            { header: 'value (exact; minor units for money)', value: (r) => r.value },
            { header: 'note', value: (r) => r.note },
          ]}
        />
      </div>
    </figure>
  );
}

// Several cumulative series on one axis, each a band (certain to possible) under its line:
// series [{label, cls, points: [{date, certain, possible}]}], every series on the same dates.
// The legend names each series with its last value; a table of the values follows for
// screen readers and anyone who wants the numbers.
export function SeriesChart({ title, series, format = number }) {
  const points = series[0]?.points || [];
  if (!points.length) return null;
  const max = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.possible)));
  const t = ticks(max);
  const top = t[t.length - 1] || max;
  const x = (i) => M.l + ((W - M.l - M.r) * i) / Math.max(1, points.length - 1);
  const y = (v) => H - M.b - ((H - M.t - M.b) * v) / top;
  const span = (p) => (p.certain === p.possible ? format(p.certain) : `${format(p.certain)}–${format(p.possible)}`);
  const first = points[0];
  const last = points[points.length - 1];
  return (
    <figure class="chart series">
      <figcaption>
        <strong>{title}</strong>
        <ul class="legend">
          {series.map((s) => (
            <li key={s.label}>
              <span class={`swatch ${s.cls}`} aria-hidden="true" /> {s.label}: {span(s.points[s.points.length - 1])}
            </li>
          ))}
        </ul>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title} from ${first.date} to ${last.date}`}>
        {t.map((v) => (
          <g key={v}>
            <line x1={M.l} x2={W - M.r} y1={y(v)} y2={y(v)} class="grid" />
            <text x={M.l - 6} y={y(v)} dy="0.32em" text-anchor="end" class="tick">
              {short(v)}
            </text>
          </g>
        ))}
        {series.map((s) => {
          const upper = s.points.map((p, i) => `${x(i)},${y(p.possible)}`);
          const lower = s.points.map((p, i) => `${x(i)},${y(p.certain)}`).reverse();
          const line = s.points.map((p, i) => `${i ? 'L' : 'M'}${x(i)},${y(p.certain)}`).join('');
          return (
            <g key={s.label} class={s.cls}>
              <polygon points={[...upper, ...lower].join(' ')} class="band" />
              <path d={line} class="line" />
            </g>
          );
        })}
        <text x={M.l} y={H - 8} class="tick">
          {first.date}
        </text>
        <text x={W - M.r} y={H - 8} text-anchor="end" class="tick">
          {last.date}
        </text>
      </svg>
      <details>
        <summary>The numbers</summary>
        <div class="table-tools">
          <CsvButton
            name={title}
            rows={points}
            columns={[
              { header: 'date', value: (p) => p.date },
              ...series.flatMap((s) => [
                { header: s.label, value: (p, i) => span(s.points[i]) },
                { header: `${s.label}: surely`, value: (p, i) => s.points[i].certain },
                { header: `${s.label}: possibly`, value: (p, i) => s.points[i].possible },
              ]),
            ]}
          />
        </div>
        <div class="table-wrap">
          <table class="data">
            <thead>
              <tr>
                <th scope="col">Date</th>
                {series.map((s) => (
                  <th key={s.label} scope="col" class="num">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {points.map((p, i) => (
                <tr key={p.date}>
                  <th scope="row" class="nowrap">
                    {p.date}
                  </th>
                  {series.map((s) => (
                    <td key={s.label} class="num">
                      {span(s.points[i])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

// Up to this many columns carry their value above them (more would overlap).
const kLabelledColumns = 6;

// Vertical columns, one per period: [{label, value, note?}] in order. `note` marks a column
// (e.g. its basis) under its label.
// `tick` labels the axis (e.g. money in major units while values are minor units).
export function Columns({ title, rows, format = number, tick = short }) {
  if (!rows.length) return null;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const t = ticks(max);
  const top = t[t.length - 1] || max;
  const step = (W - M.l - M.r) / rows.length;
  const bw = Math.min(48, step * 0.7);
  const y = (v) => H - M.b - ((H - M.t - M.b) * v) / top;
  return (
    <figure class="chart columns">
      <figcaption>
        <strong>{title}</strong>
      </figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`${title}: ${rows.map((r) => `${r.label} ${format(r.value)}`).join('; ')}`}
      >
        {t.map((v) => (
          <g key={v}>
            <line x1={M.l} x2={W - M.r} y1={y(v)} y2={y(v)} class="grid" />
            <text x={M.l - 6} y={y(v)} dy="0.32em" text-anchor="end" class="tick">
              {tick(v)}
            </text>
          </g>
        ))}
        {rows.map((r, i) => {
          const cx = M.l + step * i + step / 2;
          return (
            <g key={r.label}>
              <rect x={cx - bw / 2} y={y(r.value)} width={bw} height={Math.max(0, H - M.b - y(r.value))} class="column" />
              {rows.length <= kLabelledColumns && (
                <text x={cx} y={y(r.value) - 3} text-anchor="middle" class="tick value">
                  {format(r.value)}
                </text>
              )}
              <text x={cx} y={H - M.b + 11} text-anchor="middle" class="tick">
                {r.label}
              </text>
              {r.note && (
                <text x={cx} y={H - M.b + 21} text-anchor="middle" class="tick">
                  {r.note}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

const kLabelGap = 34;

// Published claims against the ledger over their stated dates: at each claim's date a bar
// from what the ledger surely had (certain) to what it may have had (possible), and the
// claim's value as a mark (a dot when exact, a triangle for "over", a ring for "about"),
// coloured by verdict. A claim without a number is marked "?" at the top; a ledger range
// with unknown values is drawn open-ended (an arrow up). Dates are spaced by days.
// points: [{id, date, value (null: unknown), qualifier, certain, possible, open, verdict}].
export function ClaimsChart({ title, points, format = number, tick = short }) {
  if (!points.length) return null;
  const dayOf = (d) => Date.parse(`${d}T00:00:00Z`) / 86400000;
  const days = points.map((p) => dayOf(p.date));
  const lo = Math.min(...days);
  const hi = Math.max(...days);
  const max = Math.max(1, ...points.map((p) => Math.max(p.value ?? 0, p.possible ?? 0)));
  const t = ticks(max);
  const top = t[t.length - 1] || max;
  const pad = 16;
  const x = (d) => (hi === lo ? (M.l + W - M.r) / 2 : M.l + pad + ((W - M.l - M.r - 2 * pad) * (d - lo)) / (hi - lo));
  const y = (v) => H - M.b - ((H - M.t - M.b) * v) / top;
  const dates = [...new Set(points.map((p) => p.date))].sort();
  // Several claims on one date sit side by side.
  const offset = (p) => {
    const same = points.filter((q) => q.date === p.date);
    return (same.indexOf(p) - (same.length - 1) / 2) * 9;
  };
  // Date labels at least kLabelGap apart; the last date wins over the one before it.
  const labelled = [];
  for (const d of dates) {
    const last = labelled[labelled.length - 1];
    if (last && x(dayOf(d)) - x(dayOf(last)) < kLabelGap) {
      if (d === dates[dates.length - 1]) labelled[labelled.length - 1] = d;
    } else labelled.push(d);
  }
  const label = points
    .map((p) => `${p.date}: claim ${p.value === null ? 'unknown' : format(p.value)}, ledger ${p.certain === p.possible ? format(p.certain) : `${format(p.certain)} to ${format(p.possible)}`}`)
    .join('; ');
  return (
    <figure class="chart claims-chart">
      <figcaption>
        <strong>{title}</strong>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}: ${label}`}>
        {t.map((v) => (
          <g key={v}>
            <line x1={M.l} x2={W - M.r} y1={y(v)} y2={y(v)} class="grid" />
            <text x={M.l - 6} y={y(v)} dy="0.32em" text-anchor="end" class="tick">
              {tick(v)}
            </text>
          </g>
        ))}
        {points.map((p) => {
          const cx = x(dayOf(p.date)) + offset(p);
          const y1 = y(p.possible);
          const y0 = y(p.certain);
          return (
            <g key={p.id} class={`claim-mark verdict-${p.verdict}`} data-claim={p.id}>
              <rect x={cx - 3} y={Math.min(y1, y0) - 1} width={6} height={Math.abs(y0 - y1) + 2} class="range" />
              {p.open && <path d={`M${cx - 4},${M.t + 6} L${cx},${M.t} L${cx + 4},${M.t + 6}`} class="range-open" />}
              {p.value === null ? (
                <text x={cx} y={M.t + 8} text-anchor="middle" class="unknown-mark">
                  ?
                </text>
              ) : p.qualifier === 'at_least' ? (
                <path d={`M${cx - 5},${y(p.value) + 4} L${cx},${y(p.value) - 5} L${cx + 5},${y(p.value) + 4} Z`} class="value" />
              ) : p.qualifier === 'about' ? (
                <circle cx={cx} cy={y(p.value)} r={4} class="value ring" />
              ) : (
                <circle cx={cx} cy={y(p.value)} r={4} class="value" />
              )}
            </g>
          );
        })}
        {labelled.map((d) => (
          <text key={d} x={x(dayOf(d))} y={H - 8} text-anchor="middle" class="tick">
            {d.slice(5)}
          </text>
        ))}
      </svg>
    </figure>
  );
}
