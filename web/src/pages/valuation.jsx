// Valuation of donations in kind (issue 16 item 6, docs/figures.md "Valuation"): reference
// price lists side by side (GET /valuation). A reported value is never replaced; every other
// value is an estimate, marked; a line a list cannot value says why, and counts apart, never 0.
import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../api.js';
import { longDate, moneyFull, number } from '../format.js';
import { Link, navigate } from '../router.jsx';
import { SyntheticSwitch, syntheticParam } from '../components/data.jsx';
import { useSpan } from './procurement.jsx';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function Sums({ sums }) {
  if (!sums.length) return 'none';
  return sums.map((s) => moneyFull(s.minor, s.currency)).join(' + ');
}

// A list's totals in the reporting currency: each sum, or unknown when a rate is missing
// (never 0), with the rates used or missing.
function InCurrency({ total, currency }) {
  const c = total.in_currency;
  const sum = (minor, parts) => (parts.length === 0 ? 'none' : minor === null ? 'unknown' : moneyFull(minor, currency));
  return (
    <td class="in-currency">
      reported {sum(c.reported, total.reported)}, estimated {sum(c.estimated, total.estimated)}
      {c.conversions.map((x) => (
        <small key={`${x.from}-${x.minor}`} class="conversion">
          {moneyFull(x.minor, x.from)} {x.rate ? 'at' : ':'} {x.words}
        </small>
      ))}
    </td>
  );
}

export function ValuationPage({ query: params }) {
  const span = useSpan();
  const [asOf, setAsOf] = useState(params.get('as_of') || '');
  const [lists, setLists] = useState(params.getAll('list'));
  const [synthetic, setSynthetic] = useState(syntheticParam(params));
  const [currency, setCurrency] = useState(params.get('currency') || '');
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    if (span && !asOf) setAsOf(span.latest);
  }, [span]);

  const q = { as_of: asOf, list: lists, synthetic, currency };
  const key = JSON.stringify(q);
  useEffect(() => {
    if (!asOf) return;
    navigate(`/valuation${query(q)}`, { replace: true });
    let live = true;
    setError(null);
    api(`/valuation${query(q)}`)
      .then((r) => live && setData(r))
      .catch((e) => live && (setError(`${e.message}${e.field ? ` (${e.field})` : ''}`), setData(null)));
    return () => {
      live = false;
    };
  }, [key]);

  // The lists offered: those of the last answer without a choice, kept once known.
  const [known, setKnown] = useState([]);
  useEffect(() => {
    if (data && !lists.length) setKnown(data.lists);
  }, [data]);
  const offered = known.length ? known : data?.lists || [];

  return (
    <section class="valuation" data-ready={data ? 'true' : 'false'}>
      <h1>Valuation of donations in kind</h1>
      <p>
        Donations whose value was not reported, valued at reference price lists side by side. A reported value is
        never replaced; every other value is an <strong>estimate</strong> (quantity × the list's price of the item
        then); a line a list cannot value says why and is counted apart, never as 0.
      </p>
      <form class="controls" onSubmit={(e) => e.preventDefault()} aria-label="Date and price lists">
        <label>
          As of
          <input
            type="date"
            name="as_of"
            value={asOf}
            onChange={(e) => DATE.test(e.currentTarget.value) && setAsOf(e.currentTarget.value)}
          />
        </label>
        <fieldset class="kinds">
          <legend>Price lists (none ticked: all)</legend>
          {offered.length === 0 && <span class="note">no price list in the ledger</span>}
          {offered.map((l) => (
            <label key={l} class="check">
              <input
                type="checkbox"
                checked={lists.includes(l)}
                onChange={(e) => setLists(e.currentTarget.checked ? [...lists, l] : lists.filter((x) => x !== l))}
              />
              {l}
            </label>
          ))}
        </fieldset>
        <SyntheticSwitch value={synthetic} onChange={setSynthetic} />
        <label>
          Totals also in
          <select name="currency" value={currency} onChange={(e) => setCurrency(e.currentTarget.value)}>
            <option value="">no reporting currency</option>
            {['USD', 'EUR', 'CNY', 'GBP', 'JPY', 'CHF'].map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {data && (
        <>
          <h2>Totals as of {longDate(data.as_of)}</h2>
          <div class="table-wrap">
            <table class="data valuation-totals">
              <thead>
                <tr>
                  <th scope="col">Price list</th>
                  <th scope="col">Reported</th>
                  <th scope="col">Estimated</th>
                  <th scope="col">Lines with no value</th>
                  {data.currency && <th scope="col">In {data.currency}</th>}
                </tr>
              </thead>
              <tbody>
                {data.totals.map((t) => (
                  <tr key={t.list} data-list={t.list}>
                    <th scope="row">{t.list}</th>
                    <td>
                      <Sums sums={t.reported} />
                    </td>
                    <td class="estimated">
                      <Sums sums={t.estimated} />
                      {t.lines_estimated ? ` (estimated, ${number(t.lines_estimated)} lines)` : ''}
                    </td>
                    <td class="num">{number(t.lines_unknown)}</td>
                    {data.currency && <InCurrency total={t} currency={data.currency} />}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>Lines</h2>
          <div class="table-wrap">
            <table class="data valuation-lines">
              <thead>
                <tr>
                  <th scope="col">Donation</th>
                  <th scope="col">Item</th>
                  <th scope="col">Quantity</th>
                  <th scope="col">Reported</th>
                  {data.lists.map((l) => (
                    <th scope="col" key={l}>
                      {l}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.lines.map((line) => (
                  <tr key={`${line.donation}-${line.line}`} data-line={`${line.donation}-${line.line + 1}`}>
                    <td>
                      <Link href={`/records/donation/${encodeURIComponent(line.donation)}`}>{line.donation}</Link>
                      <div class="note">
                        line {line.line + 1}, {line.provider} → {line.recipient}, {line.on}
                      </div>
                    </td>
                    <td>{line.item}</td>
                    <td class="num">{line.quantity === null ? 'unknown' : `${number(line.quantity)} ${line.unit}`}</td>
                    <td>{line.reported ? moneyFull(line.reported.minor, line.reported.currency) : ''}</td>
                    {data.lists.map((l, i) => {
                      if (line.reported) return <td key={l}>reported</td>;
                      const e = line.estimates[i];
                      return (
                        <td key={l} class={e.value ? 'estimated' : 'unknown'}>
                          {e.value ? `${moneyFull(e.value.minor, e.value.currency)} (estimated)` : `unknown: ${e.why}`}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {data.unitemised.length > 0 && (
            <p class="note unitemised">
              Not itemised (the items given are not reported, so no list can value them; value unknown):{' '}
              {data.unitemised.map((id, i) => (
                <span key={id}>
                  {i ? ', ' : ''}
                  <Link href={`/records/donation/${encodeURIComponent(id)}`}>{id}</Link>
                </span>
              ))}
            </p>
          )}
          {data.sources.length > 0 && (
            <p class="note">
              Prices from:{' '}
              {data.sources.map((s, i) => (
                <span key={s}>
                  {i ? ', ' : ''}
                  <Link href={`/records/source/${encodeURIComponent(s)}`}>{s}</Link>
                </span>
              ))}
            </p>
          )}
        </>
      )}
      {!data && !error && <p>Loading…</p>}
    </section>
  );
}
