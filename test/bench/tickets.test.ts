/** The ticket benchmark runs and makes real tickets (figures are printed, never asserted). */
import { expect, it } from 'vitest';
import { benchTickets } from '../../bench/tickets.js';

it('benchTickets runs', async () => {
  const r = await benchTickets(3);
  expect(r.escposBytes).toBeGreaterThan(100);
  expect(r.pdfBytes).toBeGreaterThan(1000);
  expect(r.rasterBytes).toBeGreaterThan(r.escposBytes);
  process.stdout.write(
    `tickets bench: ESC/POS ${r.escposMs.toFixed(2)} ms (${r.escposBytes} B); raster ${r.rasterMs.toFixed(0)} ms (first ${r.rasterFirstMs.toFixed(0)} ms, ${r.rasterBytes} B); ` +
      `PDF ${r.pdfMs.toFixed(0)} ms (first ${r.pdfFirstMs.toFixed(0)} ms, ${r.pdfBytes} B)\n`,
  );
});
