// The world map: d3-geo over world-atlas's 50m countries (bundled as a hashed asset, served
// by `aidledger serve`; no tile server). Countries are shaded by what they received and
// team hosts are marked with a circle and their count. World-atlas keys countries by
// ISO 3166-1 numeric code; src/generated/countries.json (from Debian's iso-codes, written by
// scripts/countries.mjs) maps them to the ledger's alpha-2 codes.
import { geoCentroid, geoNaturalEarth1, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import { useEffect, useMemo, useState } from 'preact/hooks';
import atlasUrl from 'world-atlas/countries-50m.json?url';
import numericToAlpha2 from '../generated/countries.json';

// A stream after the projection that drops points closer than `min` pixels to the last one
// kept: the 50m outlines carry far more points than a screen shows, and the page draws four
// times less path data without a visible difference.
function thin(min) {
  return (stream) => {
    let x0 = 0;
    let y0 = 0;
    let first = true;
    return {
      point(x, y) {
        if (first || Math.abs(x - x0) + Math.abs(y - y0) >= min) {
          stream.point(x, y);
          x0 = x;
          y0 = y;
          first = false;
        }
      },
      lineStart() {
        first = true;
        stream.lineStart();
      },
      lineEnd: () => stream.lineEnd(),
      polygonStart: () => stream.polygonStart(),
      polygonEnd: () => stream.polygonEnd(),
      sphere: () => stream.sphere(),
    };
  };
}

let atlas;
function loadAtlas() {
  if (!atlas) {
    atlas = fetch(atlasUrl)
      .then((r) => r.json())
      .then((topology) => {
        const countries = feature(topology, topology.objects.countries).features;
        for (const f of countries) f.properties.alpha2 = numericToAlpha2[f.id] || null;
        return countries;
      });
  }
  return atlas;
}

export function useCountries() {
  const [countries, setCountries] = useState(null);
  useEffect(() => {
    let live = true;
    loadAtlas().then((c) => live && setCountries(c));
    return () => {
      live = false;
    };
  }, []);
  return countries;
}

// What a country received by the chosen date, and its colour (legend order); styles.css has
// the same colours for the classes shade-KEY.
export const SHADES = [
  ['supplies', 'Supplies', '#2c7fb8'],
  ['cash', 'Cash', '#f08c00'],
  ['both', 'Supplies and cash', '#6a51a3'],
  ['possible', 'Possibly by this date', '#a6cee3'],
];

// shade: {alpha2: one of SHADES' keys}; marks: {alpha2: teams}; focus: an alpha-2 code to
// zoom to (the recipient page's small map); onSelect(alpha2) when a country is clicked.
export function WorldMap({ shade = {}, marks = {}, focus, width = 960, height = 500, label, onSelect, small }) {
  const countries = useCountries();
  const geo = useMemo(() => {
    if (!countries) return null;
    const projection = geoNaturalEarth1();
    const target = focus && countries.find((f) => f.properties.alpha2 === focus);
    if (target) {
      projection.fitSize([width, height], { type: 'Sphere' });
      const maxScale = projection.scale() * 10;
      projection.fitExtent(
        [
          [width * 0.2, height * 0.2],
          [width * 0.8, height * 0.8],
        ],
        target,
      );
      // A small country (the Holy See) is shown with its neighbours, not as a lone polygon.
      if (projection.scale() > maxScale) {
        projection.scale(maxScale);
        const [x, y] = projection(geoCentroid(target));
        const [tx, ty] = projection.translate();
        projection.translate([tx + width / 2 - x, ty + height / 2 - y]);
      }
    } else {
      projection.fitSize([width, height], { type: 'Sphere' });
    }
    const path = geoPath({ stream: (s) => projection.stream(thin(0.8)(s)) }).digits(1);
    return {
      // Where the focused country is, ringed, so that even the smallest one can be seen.
      pin: target ? projection(geoCentroid(target)) : null,
      sphere: path({ type: 'Sphere' }),
      shapes: countries.map((f) => ({ f, d: path(f), c: path.centroid(f) })),
    };
  }, [countries, focus, width, height]);

  if (!geo) {
    return (
      <div class="map-loading" style={{ aspectRatio: `${width} / ${height}` }}>
        Loading the map…
      </div>
    );
  }
  const maxMark = Math.max(1, ...Object.values(marks));
  return (
    <figure class={small ? 'map small' : 'map'}>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label || 'World map'}>
        <path d={geo.sphere} class="sphere" />
        {geo.shapes.map(({ f, d }) => {
          const a2 = f.properties.alpha2;
          const s = shade[a2];
          const cls = `country${s ? ` shade-${s}` : ''}${a2 && a2 === focus ? ' focus' : ''}`;
          return (
            <path
              key={f.id || f.properties.name}
              d={d}
              class={cls}
              onClick={onSelect && a2 ? () => onSelect(a2) : undefined}
            >
              <title>
                {f.properties.name}
                {s ? `: ${SHADES.find((x) => x[0] === s)[1].toLowerCase()}` : ''}
                {marks[a2] ? `, ${marks[a2]} team${marks[a2] > 1 ? 's' : ''}` : ''}
              </title>
            </path>
          );
        })}
        {geo.pin && !marks[focus] && <circle class="pin" cx={geo.pin[0]} cy={geo.pin[1]} r={9} />}
        {geo.shapes
          .filter(({ f, c }) => marks[f.properties.alpha2] && Number.isFinite(c[0]))
          .map(({ f, c }) => {
            const n = marks[f.properties.alpha2];
            const r = (small ? 8 : 6) + 10 * Math.sqrt(n / maxMark);
            return (
              <g key={`m${f.id}`} class="mark" transform={`translate(${c[0]},${c[1]})`}>
                <circle r={r} />
                <text dy="0.35em">{n}</text>
              </g>
            );
          })}
      </svg>
      {!small && (
        <figcaption class="legend">
          {SHADES.map(([k, text, colour]) => (
            <span key={k}>
              <i class="swatch" style={{ background: colour }} /> {text}
            </span>
          ))}
          <span>
            <i class="swatch team" /> Teams hosted (number)
          </span>
        </figcaption>
      )}
    </figure>
  );
}
