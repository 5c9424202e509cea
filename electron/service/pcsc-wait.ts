/**
 * Small waits over the reader watcher for one-shot tools (CLI): list readers after enumeration settles,
 * or wait for a card in a named (or any) reader. Bounded: never hangs.
 */
import { ChipIdError } from '../emrtd/errors.js';
import { ReaderWatcher, type ReaderInfo } from '../../native/pcsc.js';
import type { PcscChannel } from '../../native/pcsc.js';

/** Starts a watcher and resolves once PC/SC answered and the reader list has been stable for `settleMs`. */
export async function startWatcher(settleMs = 400, timeoutMs = 5000): Promise<ReaderWatcher> {
  const w = new ReaderWatcher({ retryMinMs: 200, retryMaxMs: 1000 });
  w.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    let settle: NodeJS.Timeout | undefined;
    const bump = (): void => {
      if (settle) clearTimeout(settle);
      settle = setTimeout(done, settleMs);
    };
    const deadline = setTimeout(() => {
      if (w.available) done();
      else fail(new ChipIdError('PCSC_UNAVAILABLE', 'PC/SC service did not answer'));
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(deadline);
      if (settle) clearTimeout(settle);
      w.off('reader-added', bump);
      w.off('card-inserted', bump);
      w.off('status', onStatus);
    };
    const done = (): void => (cleanup(), resolve());
    const fail = (e: ChipIdError): void => (cleanup(), reject(e));
    const onStatus = (s: { available: boolean; error?: ChipIdError }): void => {
      if (s.available) bump();
      else fail(s.error ?? new ChipIdError('PCSC_UNAVAILABLE', 'PC/SC service unavailable'));
    };
    w.on('reader-added', bump);
    w.on('card-inserted', bump);
    w.on('status', onStatus);
    w.start();
  }).catch(async (e: unknown) => {
    await w.close();
    throw e;
  });
  return w;
}

/** Waits until `reader` (or any reader) has a card, then opens an exclusive channel to it. */
export async function waitForCard(w: ReaderWatcher, reader: string | undefined, timeoutMs: number): Promise<PcscChannel> {
  const pick = (): ReaderInfo | undefined => w.readers().find((r) => (reader ? r.name === reader : true) && r.cardPresent);
  if (reader && !w.readers().some((r) => r.name === reader)) throw new ChipIdError('NO_READER', 'no reader with that name');
  if (!reader && w.readers().length === 0) throw new ChipIdError('NO_READER', 'no PC/SC reader attached');
  let found = pick();
  if (!found) {
    found = await new Promise<ReaderInfo | undefined>((resolve) => {
      const t = setTimeout(() => (w.off('card-inserted', on), resolve(undefined)), timeoutMs);
      const on = (): void => {
        const r = pick();
        if (r) {
          clearTimeout(t);
          w.off('card-inserted', on);
          resolve(r);
        }
      };
      w.on('card-inserted', on);
    });
  }
  if (!found) throw new ChipIdError('NO_CARD', `no card presented within ${Math.round(timeoutMs / 1000)} s`);
  return w.connect(found.name);
}
