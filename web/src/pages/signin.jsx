// Sign in with a password (POST /auth/token), or with a token made by `aidledger token
// create`; the token is kept in this tab's sessionStorage (api.js).
import { useState } from 'preact/hooks';
import { api, setSession } from '../api.js';
import { navigate } from '../router.jsx';

export function SignInPage({ query: params }) {
  const [mode, setMode] = useState('password');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const next = params.get('next') || '/';
  const safeNext = next.startsWith('/') && !next.startsWith('//') ? next : '/';

  const submit = async (e) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      let secret = f.get('token');
      if (mode === 'password') {
        const r = await api('/auth/token', {
          method: 'POST',
          body: { user: f.get('user'), password: f.get('password'), label: 'dashboard' },
        });
        secret = r.token;
      }
      setSession(secret, { name: '?', role: '?' });
      const me = await api('/me');
      setSession(secret, { name: me.user, role: me.role, org: me.org });
      navigate(safeNext);
    } catch (err) {
      setSession(null);
      setError(err.status === 401 ? 'The user name and password (or token) are not right.' : err.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="signin">
      <h1>Sign in</h1>
      <form onSubmit={submit} class="form narrow">
        <fieldset>
          <legend>With</legend>
          <label class="check">
            <input type="radio" name="mode" checked={mode === 'password'} onChange={() => setMode('password')} /> a
            password
          </label>
          <label class="check">
            <input type="radio" name="mode" checked={mode === 'token'} onChange={() => setMode('token')} /> a token
          </label>
        </fieldset>
        {mode === 'password' ? (
          <>
            <div class="field">
              <label for="signin-user">User name</label>
              <input id="signin-user" name="user" autocomplete="username" required />
            </div>
            <div class="field">
              <label for="signin-password">Password</label>
              <input id="signin-password" name="password" type="password" autocomplete="current-password" required />
            </div>
          </>
        ) : (
          <div class="field">
            <label for="signin-token">Token (from <code>aidledger token create</code>)</label>
            <input id="signin-token" name="token" autocomplete="off" required />
          </div>
        )}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </section>
  );
}
