// The dashboard's pages, in the order the navigation lists them: the one place to add a page.
// `match` is the path prefix that marks the entry as current; main.jsx's routes name the
// component of each path.
export const NAV = [
  { label: 'Overview', href: '/', match: (p) => p === '/' },
  { label: 'Briefing', href: '/briefing', match: (p) => p.startsWith('/briefing') },
  { label: 'Claims', href: '/claims', match: (p) => p.startsWith('/claims') },
  { label: 'Records', href: '/records/team', match: (p) => p.startsWith('/records') },
  { label: 'Recipients', href: '/recipients', match: (p) => p.startsWith('/recipients') },
  { label: 'Procurement', href: '/procurement', match: (p) => p.startsWith('/procurement') },
  { label: 'Exports', href: '/exports', match: (p) => p.startsWith('/exports') },
  { label: 'Import', href: '/import', match: (p) => p.startsWith('/import') },
  { label: 'Read a report', href: '/read', match: (p) => p.startsWith('/read') },
  { label: 'Duplicates', href: '/duplicates', match: (p) => p.startsWith('/duplicates') },
  { label: 'Valuation', href: '/valuation', match: (p) => p.startsWith('/valuation') },
];

// Record kinds (the API's path names, docs/api.md), with the label the dashboard shows.
export const KINDS = [
  ['team', 'Medical teams'],
  ['donation', 'Donations'],
  ['cash', 'Cash'],
  ['exchange', 'Expert exchanges'],
  ['commitment', 'Commitments'],
  ['request', 'Procurement requests'],
  ['manufacturer', 'Manufacturers'],
  ['contract', 'Contracts'],
  ['declaration', 'Export declarations'],
  ['statistic', 'Export statistics'],
  ['party', 'Parties'],
  ['item', 'Items'],
  ['source', 'Sources'],
  ['claim', 'Claims'],
  ['rate', 'Exchange rates'],
  ['price', 'Reference prices'],
  ['clearance_rule', 'Clearance rules'],
];
export const KIND_LABEL = Object.fromEntries(KINDS);
