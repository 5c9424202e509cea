/**
 * The dashboard's figures (printed, never asserted): a 90-day fleet of about a million events in a real SQLite
 * database (test/ui/dashboard-fixture.ts), the real dashboard queries behind the test's central server, and the
 * central page in Debian's Chromium. For each of `RUNS` switches to "90 days" (from "30 days"):
 *   query   the dashboard queries on SQLite (server side, in this process)
 *   load    fetch + JSON + schema check in the page (chipid:dashboard-load)
 *   render  answer arrived → React committed and uPlot drew, next frame (chipid:dashboard-render)
 *   click   the click → figures on screen, all of the above
 * Run: npm run build:renderer && node_modules/.bin/esbuild bench/dashboard-render.ts --bundle --platform=node
 *      --format=esm --packages=external --outfile=dist/bench/dashboard-render.mjs && node dist/bench/dashboard-render.mjs [events]
 */
import type { Server } from 'node:http';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/ui/harness.js';
import { makeFleet } from '../test/ui/dashboard-fixture.js';
import { CENTRAL_TOKEN, serveCentral } from '../test/ui/dashboard-server.js';
import { periodQuery } from '../renderer/dashboard/period.js';

const TARGET = Number(process.argv[2] ?? 1_000_000);
const RUNS = 15;
const pct = (a: number[], p: number): number => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
};
const line = (name: string, a: number[]): string => `${name.padEnd(8)} p50 ${pct(a, 0.5).toFixed(0).padStart(5)} ms   p95 ${pct(a, 0.95).toFixed(0).padStart(5)} ms   (${a.map((x) => x.toFixed(0)).join(', ')})`;

const now = Date.now();
let t = performance.now();
// ≈ 2.37 events a read (check-ins and bank checks follow verified reads), working hours heavier than nights.
const fleet = makeFleet({ endMs: now, days: 90, perHour: Math.max(1, Math.round((TARGET / 213_636) * 60)), alerts: 6 });
console.log(`fleet: ${fleet.events} events over 90 days, 2 kiosks, built in ${((performance.now() - t) / 1000).toFixed(1)} s`);

const q90 = periodQuery({ kind: '90d' }, now)!;
const query: number[] = [];
for (let i = 0; i < RUNS; i++) {
  t = performance.now();
  await fleet.query(q90);
  query.push(performance.now() - t);
}
const { server, url } = await serveCentral(fleet);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
const load: number[] = [];
const render: number[] = [];
const click: number[] = [];
try {
  const first = performance.now();
  await page.goto(`${url}central.html#token=${CENTRAL_TOKEN}`);
  await page.locator('.dash-total--reads').waitFor({ timeout: 120_000 });
  console.log(`first page (7 days): navigation → figures ${(performance.now() - first).toFixed(0)} ms`);
  for (let i = 0; i < RUNS; i++) {
    const r = await page.evaluate(async () => {
      const button = (name: string): HTMLButtonElement => Array.from(document.querySelectorAll('button')).find((b) => b.textContent === name)!;
      const settled = async (n: number): Promise<void> => {
        const until = performance.now() + 120_000;
        while (performance.now() < until) {
          await new Promise((res) => requestAnimationFrame(res));
          if (performance.getEntriesByName('chipid:dashboard-render').length >= n && document.querySelector('.dash')?.getAttribute('data-loading') === 'false') return;
        }
      };
      // Another period first (a click on the period already shown asks nothing).
      button('30 ngày').click();
      await settled(performance.getEntriesByName('chipid:dashboard-render').length + 1);
      const n = performance.getEntriesByName('chipid:dashboard-render').length;
      const t0 = performance.now();
      button('90 ngày').click();
      await settled(n + 1);
      const dt = performance.now() - t0;
      const last = (name: string): number => performance.getEntriesByName(name).at(-1)!.duration;
      return { click: dt, load: last('chipid:dashboard-load'), render: last('chipid:dashboard-render') };
    });
    click.push(r.click);
    load.push(r.load);
    render.push(r.render);
  }
} finally {
  await browser.close();
  await new Promise((r) => (server as Server).close(r));
  fleet.close();
}
console.log(`90-day dashboard, ${RUNS} runs (1920×1080, Chromium ${CHROMIUM}):`);
console.log(line('query', query));
console.log(line('load', load));
console.log(line('render', render));
console.log(line('click', click));
