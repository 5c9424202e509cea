// Vite config for the React renderer (root: renderer/, output: dist/renderer). The same build runs in
// Electron (served from app://kiosk, talks over IPC) and in a browser served by `chipid serve` (WebSocket).
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

/**
 * The strict Content-Security-Policy, also as a <meta> (a second line behind the header policy that both
 * `chipid serve` and Electron's app:// protocol send). Only in the build: Vite's dev server needs an inline
 * preamble for React refresh.
 * No inline scripts, no eval; styles only from our own stylesheet (React's style props go through CSSOM,
 * which CSP allows); the portrait arrives as a data: URL; the WebSocket goes to the serving origin.
 */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

function cspMeta(): Plugin {
  return {
    name: 'chipid-csp-meta',
    apply: 'build',
    transformIndexHtml(html) {
      return html.replace('<meta charset="utf-8" />', `<meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`);
    },
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), cspMeta()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: false,
    // No inline module preload polyfill script (CSP: script-src 'self').
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    target: 'es2022',
    // Two pages: the kiosk (index.html) and the central dashboard (central.html, served by `chipid fleet serve`).
    rollupOptions: { input: { index: resolve(import.meta.dirname, 'renderer/index.html'), central: resolve(import.meta.dirname, 'renderer/central.html') } },
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
});
