/**
 * Benchmark of the local agent API on loopback: small authenticated requests (listReaders) over one
 * WebSocket (one at a time, and 16 in flight) and over one HTTP keep-alive connection. Prints nothing:
 * returns the figures (`chipid bench --service` prints them). Target: ≥ 1,000 requests/s with p99 ≤ 10 ms.
 * The server runs with the rate limit off (it would cap a single client at 50/s by design).
 *
 * benchFlood: legitimate clients connecting and saying hello while 80 reconnect loops (in another thread,
 * as another local process would) hold unauthenticated sockets open. Target: ≥ 99 % of hellos succeed,
 * p99 ≤ 50 ms. Default limits (pools, hello deadline, rate limit) as in production.
 */
import { Agent, request } from 'node:http';
import { Worker } from 'node:worker_threads';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { KioskApi } from '../electron/contract/types.js';
import { openClientStore } from '../electron/service/api/clients.js';
import { startApiServer } from '../electron/service/api/server.js';

export interface BenchSeries {
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface ApiBenchFigures {
  ws: BenchSeries;
  wsPipelined16: BenchSeries;
  httpKeepAlive: BenchSeries;
  target: { perSecond: number; p99Ms: number };
  meetsTarget: boolean;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

function series(latencies: number[], totalMs: number): BenchSeries {
  const s = [...latencies].sort((a, b) => a - b);
  const q = (p: number): number => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
  return { requests: s.length, perSecond: Math.round((s.length / totalMs) * 1000), p50Ms: round(q(0.5)), p99Ms: round(q(0.99)), maxMs: round(s[s.length - 1] ?? 0) };
}

async function wsSeries(url: string, token: string, n: number, window: number): Promise<BenchSeries> {
  const ws = new WebSocket(url.replace('http', 'ws') + '/api/v1/ws');
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const sentAt = new Map<string, number>();
  const lat: number[] = [];
  let helloDone: () => void = () => undefined;
  let allDone: () => void = () => undefined;
  let next = 0;
  let started = 0;
  const send = (): void => {
    const id = `b${next++}`;
    sentAt.set(id, performance.now());
    ws.send(JSON.stringify({ type: 'listReaders', id }));
  };
  ws.on('message', (d) => {
    const m = JSON.parse(String(d)) as { type: string; id?: string; ok?: boolean };
    if (m.type !== 'response' || m.id === undefined) return;
    if (m.id === 'hello') {
      if (m.ok !== true) throw new Error('bench client refused');
      return helloDone();
    }
    const t = sentAt.get(m.id);
    if (t === undefined) return;
    sentAt.delete(m.id);
    lat.push(performance.now() - t);
    if (lat.length === n) return allDone();
    if (next < n) send();
  });
  await new Promise<void>((resolve) => {
    helloDone = resolve;
    ws.send(JSON.stringify({ type: 'hello', id: 'hello', token, client: 'bench' }));
  });
  const done = new Promise<void>((resolve) => (allDone = resolve));
  started = performance.now();
  for (let i = 0; i < Math.min(window, n); i++) send();
  await done;
  const total = performance.now() - started;
  ws.close();
  return series(lat, total);
}

async function httpSeries(url: string, token: string, n: number): Promise<BenchSeries> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const one = (): Promise<void> =>
    new Promise((resolve, reject) => {
      request(url + '/api/v1/readers', { agent, headers: { Authorization: `Bearer ${token}` } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
      })
        .on('error', reject)
        .end();
    });
  const lat: number[] = [];
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await one();
    lat.push(performance.now() - t);
  }
  const total = performance.now() - started;
  agent.destroy();
  return series(lat, total);
}

/** Runs the three series against `api` on a private server (port 0, temporary client store). */
export async function benchApi(api: KioskApi, opts: { requests?: number; warmup?: number } = {}): Promise<ApiBenchFigures> {
  const n = opts.requests ?? 5000;
  const warm = opts.warmup ?? 500;
  const dir = mkdtempSync(join(tmpdir(), 'chipid-api-bench-'));
  const clients = openClientStore(dir);
  const { token } = clients.pair({ name: 'bench', purpose: 'verify-only', origins: [], allowNoOrigin: true });
  const server = await startApiServer({ api, clients, rateLimit: false });
  try {
    await wsSeries(server.url, token, warm, 1);
    await httpSeries(server.url, token, warm);
    const ws = await wsSeries(server.url, token, n, 1);
    const wsPipelined16 = await wsSeries(server.url, token, n, 16);
    const httpKeepAlive = await httpSeries(server.url, token, n);
    const target = { perSecond: 1000, p99Ms: 10 };
    const meets = (s: BenchSeries): boolean => s.perSecond >= target.perSecond && s.p99Ms <= target.p99Ms;
    return { ws, wsPipelined16, httpKeepAlive, target, meetsTarget: meets(ws) && meets(httpKeepAlive) };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- a local flood against the WebSocket front ----

export interface FloodSeries {
  attempts: number;
  succeeded: number;
  /** Share of hellos answered ok (0–1). */
  successRate: number;
  p50Ms: number;
  p99Ms: number;
}

export interface FloodFigures {
  floodLoops: number;
  /** Upgrade attempts the flood made while legitimate clients were measured. */
  floodAttempts: number;
  /** Credentials on the upgrade (Authorization: Bearer): the path the pools protect. */
  bearerOnUpgrade: FloodSeries;
  /** A browser page's way to give the token on the upgrade (subprotocols chipid.v1 + chipid.bearer.<token>). */
  tokenInSubprotocol: FloodSeries;
  /** Token only in the hello message: competes with the flood for the unauthenticated pool. */
  tokenInHello: FloodSeries;
  target: { successRate: number; p99Ms: number };
  meetsTarget: boolean;
}

/** Raw upgrade requests without any credential, reconnecting as soon as a socket ends (node:net only). */
const FLOOD_WORKER = `
const net = require('node:net');
const { workerData } = require('node:worker_threads');
const counter = new Int32Array(workerData.counter);
const req = 'GET /api/v1/ws HTTP/1.1\\r\\nHost: 127.0.0.1:' + workerData.port + '\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\n' +
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\\r\\nSec-WebSocket-Version: 13\\r\\n\\r\\n';
function loop() {
  Atomics.add(counter, 0, 1);
  const s = net.connect(workerData.port, '127.0.0.1', () => s.write(req));
  s.on('data', () => undefined);
  s.on('error', () => undefined);
  s.on('close', () => setImmediate(loop));
}
for (let i = 0; i < workerData.loops; i++) loop();
`;

function floodSeries(lat: number[], attempts: number): FloodSeries {
  const s = series(lat, 1);
  return { attempts, succeeded: lat.length, successRate: Math.round((lat.length / Math.max(1, attempts)) * 10_000) / 10_000, p50Ms: s.p50Ms, p99Ms: s.p99Ms };
}

/** One connect + hello; the latency when the hello was answered ok, else undefined. */
type HelloWay = 'header' | 'subprotocol' | 'hello';
function oneHello(wsUrl: string, token: string, way: HelloWay): Promise<number | undefined> {
  const t0 = performance.now();
  const onUpgrade = way !== 'hello';
  return new Promise((resolve) => {
    const ws =
      way === 'header'
        ? new WebSocket(wsUrl, { headers: { Authorization: `Bearer ${token}` } })
        : new WebSocket(wsUrl, way === 'subprotocol' ? ['chipid.v1', `chipid.bearer.${token}`] : []);
    let result: number | undefined;
    const end = (): void => resolve(result);
    const timer = setTimeout(() => ws.terminate(), 2000);
    ws.on('open', () => ws.send(JSON.stringify(onUpgrade ? { type: 'hello', id: 'h' } : { type: 'hello', id: 'h', token })));
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as { id?: string; ok?: boolean };
      if (m.id === 'h' && m.ok === true) result = performance.now() - t0;
      ws.close();
    });
    ws.on('error', () => undefined);
    ws.on('unexpected-response', () => ws.terminate());
    ws.on('close', () => {
      clearTimeout(timer);
      end();
    });
  });
}

/** Legitimate clients' hello success and latency while `floodLoops` reconnect loops run. */
export async function benchFlood(api: KioskApi, opts: { floodLoops?: number; clients?: number; attemptsPerClient?: number } = {}): Promise<FloodFigures> {
  const loops = opts.floodLoops ?? 80;
  const nClients = opts.clients ?? 4;
  const per = opts.attemptsPerClient ?? 50;
  const dir = mkdtempSync(join(tmpdir(), 'chipid-api-flood-'));
  const clients = openClientStore(dir);
  const tokens = Array.from({ length: nClients }, (_, i) => clients.pair({ name: `legit ${i}`, purpose: 'verify-only', origins: [], allowNoOrigin: true }).token);
  const server = await startApiServer({ api, clients });
  const wsUrl = server.url.replace('http', 'ws') + '/api/v1/ws';
  const counter = new SharedArrayBuffer(4);
  const worker = new Worker(FLOOD_WORKER, { eval: true, workerData: { port: server.port, loops, counter } });
  worker.on('error', () => undefined);
  try {
    await new Promise((r) => setTimeout(r, 500)); // the flood fills the unauthenticated pool
    const run = async (way: HelloWay): Promise<FloodSeries> => {
      const lat: number[] = [];
      await Promise.all(
        tokens.map(async (token) => {
          for (let i = 0; i < per; i++) {
            const ms = await oneHello(wsUrl, token, way);
            if (ms !== undefined) lat.push(ms);
          }
        }),
      );
      return floodSeries(lat, nClients * per);
    };
    const bearerOnUpgrade = await run('header');
    const tokenInSubprotocol = await run('subprotocol');
    const tokenInHello = await run('hello');
    const floodAttempts = Atomics.load(new Int32Array(counter), 0);
    const target = { successRate: 0.99, p99Ms: 50 };
    return {
      floodLoops: loops,
      floodAttempts,
      bearerOnUpgrade,
      tokenInSubprotocol,
      tokenInHello,
      target,
      meetsTarget: [bearerOnUpgrade, tokenInSubprotocol].every((x) => x.successRate >= target.successRate && x.p99Ms <= target.p99Ms),
    };
  } finally {
    await worker.terminate();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
