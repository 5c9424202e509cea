/**
 * Helpers of the hospital UI tests: one API call from inside the page (its own WebSocket, authenticated by the
 * page's session cookie like the UI's), and the layout checks layout.test.ts makes (every action inside the
 * viewport and the element hit at its centre; in a dialog after scrolling the dialog to it).
 */
import type { Page } from 'playwright-core';

export interface Answer {
  ok: boolean;
  value?: unknown;
  error?: { code: string; message: string };
}

/** Sends `{type, ...params}` on a fresh WebSocket of the page and answers the response. */
export async function apiCall(page: Page, type: string, params: object = {}): Promise<Answer> {
  return page.evaluate(
    async ([t, p]) => {
      const ws = new WebSocket(`ws://${location.host}/api/v1/ws`);
      const ask = (msg: object): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> =>
        new Promise((resolve) => {
          const id = String(Math.random());
          const on = (e: MessageEvent): void => {
            const m = JSON.parse(String(e.data));
            if (m.type === 'response' && m.id === id) {
              ws.removeEventListener('message', on);
              resolve(m);
            }
          };
          ws.addEventListener('message', on);
          ws.send(JSON.stringify({ ...msg, id }));
        });
      await new Promise((r) => ws.addEventListener('open', r, { once: true }));
      await ask({ type: 'hello', client: 'hospital ui test' });
      const r = await ask({ ...(p as object), type: t });
      ws.close();
      return r;
    },
    [type, params] as const,
  );
}

/** The value of a call that must succeed. */
export async function apiValue<T>(page: Page, type: string, params: object = {}): Promise<T> {
  const r = await apiCall(page, type, params);
  if (!r.ok) throw new Error(`${type}: ${r.error?.code} ${r.error?.message}`);
  return r.value as T;
}

export interface Blocked {
  text: string;
  why: string;
}

/** The actions of the screen (or of the open dialog) not fully inside the viewport or covered. */
export async function blockedActions(page: Page): Promise<Blocked[]> {
  return page.evaluate(() => {
    const out: { text: string; why: string }[] = [];
    const dialog = document.querySelector('.dialog');
    const scope = dialog ?? document;
    const controls = Array.from(scope.querySelectorAll<HTMLElement>('button, select, input[type="radio"], input[type="checkbox"]')).filter((b) => b.getClientRects().length > 0);
    for (const b of controls) {
      // A control below the fold of a scrolling area (the dialog, the screen's main) is reached by scrolling it.
      b.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      const r = b.getBoundingClientRect();
      const text = (b.textContent || b.getAttribute('aria-label') || b.tagName).trim().slice(0, 40);
      if (r.width === 0 || r.height === 0) continue;
      if (r.left < 0 || r.top < 0 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5) {
        out.push({ text, why: `outside the viewport (${Math.round(r.left)},${Math.round(r.top)})-(${Math.round(r.right)},${Math.round(r.bottom)}) of ${innerWidth}×${innerHeight}` });
        continue;
      }
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      const ok = hit !== null && (b === hit || b.contains(hit) || (b instanceof HTMLInputElement && hit.closest('label')?.contains(b)));
      if (!ok) out.push({ text, why: `covered by ${hit ? `${hit.tagName.toLowerCase()}.${(hit as HTMLElement).className}` : 'nothing'}` });
    }
    return out;
  });
}

/** Elements wider than their box (text cut or pushed out sideways): the page must not scroll sideways. */
export async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const root = document.scrollingElement ?? document.documentElement;
    if (root.scrollWidth > innerWidth + 1) out.push(`the page scrolls sideways (${root.scrollWidth} > ${innerWidth})`);
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('.screen, .dialog, .hins, .htk, .hdiff, .hosp-body, .actions'))) {
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'auto') out.push(`${el.className.split(' ')[0]} overflows sideways (${el.scrollWidth} > ${el.clientWidth})`);
    }
    return out;
  });
}
