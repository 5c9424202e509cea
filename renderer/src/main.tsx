/**
 * Entry: picks the transport (IPC in Electron, the agent's WebSocket in a browser — authenticated by the
 * session cookie, no token in the page — and the stand-in only on Vite's dev server) and mounts the app.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { ipcTransport } from './transport/ipc.js';
import { wsTransport } from './transport/ws.js';
import type { Transport } from './transport/types.js';

async function pickTransport(): Promise<Transport | null> {
  if (window.chipid) return ipcTransport(window.chipid);
  // `vite` (dev server) only: a build has mode 'production' even when NODE_ENV says otherwise.
  const devServer = import.meta.env.DEV && import.meta.env.MODE !== 'production';
  if (!devServer && location.protocol.startsWith('http')) {
    // Served by `chipid serve` (only after the launch URL set the session cookie).
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    return wsTransport(`${scheme}://${location.host}/api/v1/ws`);
  }
  if (devServer) {
    const { standinTransport } = await import('./transport/standin.js');
    const t = standinTransport();
    // Dev-only hooks to simulate taps from the console or a test: never present in a build.
    Object.assign(window, { __standin: { tap: t.tap, remove: t.remove } });
    return t;
  }
  return null;
}

const rootEl = document.getElementById('root');
if (rootEl) {
  const transport = await pickTransport();
  createRoot(rootEl).render(
    <StrictMode>
      <App transport={transport} />
    </StrictMode>,
  );
}
