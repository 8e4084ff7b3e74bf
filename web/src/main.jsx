import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { currentUser, onAuthChange, setSession } from './api.js';
import { NAV } from './nav.js';
import { Link, match, navigate, useLocation } from './router.jsx';
import { Overview } from './pages/overview.jsx';
import { RecordsPage } from './pages/records.jsx';
import { RecordPage } from './pages/record.jsx';
import { EditPage } from './pages/edit.jsx';
import { RecipientPage, RecipientsPage } from './pages/recipient.jsx';
import { ImportPage } from './pages/import.jsx';
import { ReadPage } from './pages/read.jsx';
import { DuplicatesPage } from './pages/duplicates.jsx';
import { ValuationPage } from './pages/valuation.jsx';
import { ProcurementPage, RecommendationsPage } from './pages/procurement.jsx';
import { ExportsPage } from './pages/exports.jsx';
import { BriefingPage } from './pages/briefing.jsx';
import { ClaimsPage } from './pages/claims.jsx';
import { SignInPage } from './pages/signin.jsx';
import './styles.css';

// Path patterns, most specific first.
const ROUTES = [
  ['/', Overview],
  ['/briefing', BriefingPage],
  ['/claims', ClaimsPage],
  ['/records/:kind/new', EditPage],
  ['/records/:kind/:id/edit', EditPage],
  ['/records/:kind/:id', RecordPage],
  ['/records/:kind', RecordsPage],
  ['/records', RecordsPage],
  ['/recipients', RecipientsPage],
  ['/recipients/:id', RecipientPage],
  ['/procurement', ProcurementPage],
  ['/procurement/requests/:id', RecommendationsPage],
  ['/exports', ExportsPage],
  ['/import', ImportPage],
  ['/read', ReadPage],
  ['/duplicates', DuplicatesPage],
  ['/valuation', ValuationPage],
  ['/signin', SignInPage],
];

function useUser() {
  const [user, setUser] = useState(currentUser());
  useEffect(() => onAuthChange(() => setUser(currentUser())), []);
  return user;
}

function App() {
  const { path, params } = useLocation();
  const user = useUser();
  let page = <NotFound />;
  for (const [pattern, Component] of ROUTES) {
    const m = match(pattern, path);
    if (m) {
      page = <Component key={path} {...m} query={params} user={user} />;
      break;
    }
  }
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <Link href="/" class="brand">
          aidledger
        </Link>
        <nav aria-label="Pages">
          <ul>
            {NAV.map((n) => (
              <li key={n.href}>
                <Link href={n.href} aria-current={n.match(path) ? 'page' : undefined}>
                  {n.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          {user ? (
            <>
              <span>
                {user.name} <small>({user.role})</small>
              </span>
              <button
                type="button"
                class="link"
                onClick={() => {
                  setSession(null);
                  navigate('/');
                }}
              >
                Sign out
              </button>
            </>
          ) : (
            <Link href={`/signin?next=${encodeURIComponent(path)}`}>Sign in</Link>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {page}
      </main>
    </>
  );
}

function NotFound() {
  return (
    <section>
      <h1>Not found</h1>
      <p>
        No page here. <Link href="/">Back to the overview</Link>.
      </p>
    </section>
  );
}

render(<App />, document.getElementById('app'));
