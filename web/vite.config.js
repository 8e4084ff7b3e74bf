// The dashboard's build: `npm run build` writes dist/, which `aidledger serve` serves at /.
// Everything is bundled (no CDN): the world map's TopoJSON becomes a hashed asset.
import { defineConfig } from 'vite';

export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  resolve: {
    alias: { react: 'preact/compat', 'react-dom': 'preact/compat' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    assetsInlineLimit: 0,
    // Vite's module-preload helper is an inline-free script, which the server's page policy
    // (script-src 'self') allows; no source maps are served.
    sourcemap: false,
    reportCompressedSize: true,
  },
  server: {
    // `npm run dev` talks to a running `aidledger serve` on 8080.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
