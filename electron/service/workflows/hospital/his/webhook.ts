/**
 * One delivery of a FHIR bundle to the HIS webhook: an HTTP POST of application/fhir+json with an
 * Idempotency-Key header (the outbox row's key, the same on every retry of that row), so the receiver can
 * answer a repeat without applying it twice. Sorting the answer:
 *   2xx                                → delivered
 *   409 echoing our Idempotency-Key    → delivered: the receiver says it already holds a request with this key
 *                                        (our earlier attempt got through but its answer was lost)
 *   408, 425, 429                      → HOSPITAL_HIS_UNREACHABLE: transient, retried on the normal schedule
 *   other 4xx                          → HOSPITAL_HIS_REFUSED: the HIS will not take this bundle as it is
 *   5xx, network error, timeout        → HOSPITAL_HIS_UNREACHABLE
 * Errors carry the status or the failure kind, never the body (it holds personal data).
 */
import { HospitalError } from '../errors.js';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const FHIR_JSON = 'application/fhir+json';
const DEFAULT_TIMEOUT_MS = 15_000;
const TRANSIENT_4XX = new Set([408, 425, 429]);

export interface PostOptions {
  timeoutMs?: number;
  /** Extra headers (e.g. Authorization from the settings). Cannot replace Content-Type or Idempotency-Key. */
  headers?: Record<string, string>;
}

const OURS = new Set(['content-type', 'accept', IDEMPOTENCY_HEADER.toLowerCase()]);
/** The caller's headers minus the ones this module owns (matched without case, as HTTP does). */
function extraHeaders(h: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(h ?? {}).filter(([k]) => !OURS.has(k.toLowerCase())));
}

export async function postBundle(url: string, body: string, key: string, opts: PostOptions = {}): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: {
        ...extraHeaders(opts.headers),
        'Content-Type': `${FHIR_JSON}; charset=utf-8`,
        Accept: FHIR_JSON,
        [IDEMPOTENCY_HEADER]: key,
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (e) {
    const kind = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError') ? `no answer within ${timeoutMs} ms` : 'network error';
    throw new HospitalError('HOSPITAL_HIS_UNREACHABLE', `HIS webhook: ${kind}`, { cause: e });
  }
  // Read the answer to the end so the connection can be reused; its content is not needed (and may be personal).
  await res.arrayBuffer().catch(() => undefined);
  const s = res.status;
  if (s >= 200 && s < 300) return;
  if (s === 409 && res.headers.get(IDEMPOTENCY_HEADER) === key) return;
  if (s >= 400 && s < 500 && !TRANSIENT_4XX.has(s)) throw new HospitalError('HOSPITAL_HIS_REFUSED', `HIS webhook answered ${s}`);
  throw new HospitalError('HOSPITAL_HIS_UNREACHABLE', `HIS webhook answered ${s}`);
}
