// History-API routing: the server answers every dashboard path with index.html
// (api/src/static_files.h), so links are ordinary paths that survive a reload.
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set();

export function navigate(path, { replace = false } = {}) {
  if (path === location.pathname + location.search) return;
  history[replace ? 'replaceState' : 'pushState'](null, '', path);
  listeners.forEach((f) => f());
  // A new page starts at its top; a replaced address (the overview's date) keeps its place.
  if (!replace) window.scrollTo(0, 0);
}

export function useLocation() {
  const [, set] = useState(0);
  useEffect(() => {
    const f = () => set((n) => n + 1);
    listeners.add(f);
    window.addEventListener('popstate', f);
    return () => {
      listeners.delete(f);
      window.removeEventListener('popstate', f);
    };
  }, []);
  return { path: location.pathname, params: new URLSearchParams(location.search) };
}

// Matches "/records/:kind/:id" against a path: the parameters, or null.
export function match(pattern, path) {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const out = {};
  for (let i = 0; i < p.length; i += 1) {
    if (p[i].startsWith(':')) out[p[i].slice(1)] = decodeURIComponent(s[i]);
    else if (p[i] !== s[i]) return null;
  }
  return out;
}

// An <a> that routes in the page (ctrl/middle click still opens a new tab).
export function Link({ href, children, ...rest }) {
  const onClick = (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}
