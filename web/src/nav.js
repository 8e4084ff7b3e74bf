// The dashboard's pages, in the order the navigation lists them: the one place to add a page
// (the procurement and exports pages of issue 4's item 4 will join here). `match` is the path
// prefix that marks the entry as current; `page` names the component in main.jsx's routes.
export const NAV = [
  { label: 'Overview', href: '/', match: (p) => p === '/' },
  { label: 'Records', href: '/records/team', match: (p) => p.startsWith('/records') },
  { label: 'Recipients', href: '/recipients', match: (p) => p.startsWith('/recipients') },
  { label: 'Import', href: '/import', match: (p) => p.startsWith('/import') },
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
];
export const KIND_LABEL = Object.fromEntries(KINDS);
