/**
 * Host-time benchmarks for the asymmetric protocols (`chipid bench`). Each runs the reader side against the
 * in-process chip responders and subtracts the chip's time, so the figure is what the kiosk's CPU adds to a
 * read. Targets: PACE ECDH-GM brainpoolP256r1 ≤ 30 ms, Chip Authentication ≤ 15 ms, AA verification ≤ 5 ms.
 * Pure (no node:*): timing via the global `performance` (Node ≥ 16, Electron, browsers).
 */
import type { CommandApdu, ResponseApdu } from '../electron/emrtd/apdu.js';
import type { Rng } from '../electron/emrtd/bytes.js';
import { seededRng } from '../electron/emrtd/replay.js';
import { CardSecureMessaging, SecureMessaging } from '../electron/emrtd/sm.js';
import { paceOid, caOid, paceAlgorithm } from '../electron/emrtd/lds/oids.js';
import type { ChipAuthenticationInfo, ChipAuthenticationPublicKeyInfo, PaceInfo } from '../electron/emrtd/lds/securityinfos.js';
import { performPace } from '../electron/emrtd/pace/pace.js';
import { PaceResponder } from '../electron/emrtd/pace/responder.js';
import { groupFor } from '../electron/emrtd/pace/group.js';
import { standardDomain, type EcDomain } from '../electron/emrtd/pace/params.js';
import { ChipAuthResponder, performChipAuthentication } from '../electron/emrtd/ca/chipauth.js';
import { ActiveAuthResponder, verifyActiveAuthentication } from '../electron/emrtd/aa/activeauth.js';
import type { PublicKeyInfo } from '../electron/emrtd/lds/spki.js';

export interface BenchFigure {
  name: string;
  runs: number;
  /** Median host (reader) time per run, chip time excluded. */
  medianMs: number;
  maxMs: number;
  targetMs: number;
}

const now = (): number => performance.now();

/** Benchmarks need reproducible, not secret, randomness: the replay layer's seeded source. */
const benchRng = (seed: number): Rng => seededRng(Uint8Array.of(seed >> 8, seed & 0xff));

function summarize(name: string, samples: number[], targetMs: number): BenchFigure {
  const s = [...samples].sort((a, b) => a - b);
  return { name, runs: s.length, medianMs: s[Math.floor(s.length / 2)] ?? 0, maxMs: s[s.length - 1] ?? 0, targetMs };
}

/** PACE ECDH-GM-AES-128 on brainpoolP256r1 (the CCCD's PACEInfo), reader time only. */
export async function benchPace(runs = 20): Promise<BenchFigure> {
  const oid = paceOid('ECDH', 'GM', 'AES-128');
  const info: PaceInfo = { type: 'PACEInfo', oid, version: 2, parameterId: 13, algorithm: paceAlgorithm(oid)! };
  const samples: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const chip = new PaceResponder({ passwords: { can: '012345' }, paceInfos: [info], rng: benchRng(i + 1) });
    let chipMs = 0;
    const transceive = async (cmd: CommandApdu): Promise<ResponseApdu> => {
      const t = now();
      const r = chip.handle(cmd);
      chipMs += now() - t;
      return r;
    };
    const t0 = now();
    await performPace(transceive, { password: { kind: 'can', value: '012345' }, paceInfo: info, rng: benchRng(1000 + i) });
    if (i >= 2) samples.push(now() - t0 - chipMs); // first runs warm the JIT and the curve tables
  }
  return summarize('PACE ECDH-GM brainpoolP256r1 (reader)', samples, 30);
}

/** Chip Authentication ECDH-AES-128 on brainpoolP256r1 with explicit DG14 parameters, reader time only. */
export async function benchChipAuthentication(runs = 20): Promise<BenchFigure> {
  const domain = standardDomain(13) as EcDomain;
  const g = groupFor(domain);
  const sk = g.randomScalar(benchRng(7));
  const oid = caOid('ECDH', 'AES-128');
  const caInfo: ChipAuthenticationInfo = { type: 'ChipAuthenticationInfo', oid, version: 1 };
  const caPublicKeyInfo: ChipAuthenticationPublicKeyInfo = {
    type: 'ChipAuthenticationPublicKeyInfo',
    oid: '0.4.0.127.0.7.2.2.1.2',
    publicKey: { kind: 'ec', domain, encoding: { form: 'explicit', withCofactor: true }, point: g.encode(g.mul(g.generator, sk)) },
  };
  const chip = new ChipAuthResponder([{ oid, domain, privateKey: sk }]);
  const keys = { suite: 'AES-128' as const, ksEnc: new Uint8Array(16).fill(1), ksMac: new Uint8Array(16).fill(2), ssc: new Uint8Array(16) };
  const samples: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const reader = new SecureMessaging(keys);
    const card = new CardSecureMessaging(keys);
    let chipMs = 0;
    const transceive = async (cmd: CommandApdu): Promise<ResponseApdu> => {
      const raw = reader.wrapCommand(cmd);
      const t = now();
      const plain = card.unwrapCommand(raw);
      const { response } = chip.handle(plain);
      const out = card.wrapResponse(response.data, response.sw);
      chipMs += now() - t;
      return reader.unwrapResponse(out);
    };
    const t0 = now();
    await performChipAuthentication(transceive, { caInfo, caPublicKeyInfo, rng: benchRng(50 + i) });
    if (i >= 2) samples.push(now() - t0 - chipMs);
  }
  return summarize('Chip Authentication ECDH brainpoolP256r1 (reader)', samples, 15);
}

/**
 * AA verification only. `fixture` is a recorded exchange (key, challenge, signature), e.g. a real passport's RSA
 * signature; without it an ECDSA brainpoolP256r1 signature from the in-process responder is measured.
 */
export function benchActiveAuthentication(runs = 50, fixture?: { key: PublicKeyInfo; challenge: Uint8Array; signature: Uint8Array }): BenchFigure {
  let f = fixture;
  if (!f) {
    const domain = standardDomain(13) as EcDomain;
    const g = groupFor(domain);
    const d = g.randomScalar(benchRng(3));
    const key: PublicKeyInfo = { kind: 'ec', domain, encoding: { form: 'named', curveOid: '1.3.36.3.3.2.8.1.1.7' }, point: g.encode(g.mul(g.generator, d)) };
    const challenge = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    const signature = new ActiveAuthResponder({ kind: 'ec', domain, d, hash: 'SHA-256' }, benchRng(5)).handle({ cla: 0, ins: 0x88, p1: 0, p2: 0, data: challenge }).data;
    f = { key, challenge, signature };
  }
  const samples: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const t0 = now();
    const r = verifyActiveAuthentication(f.key, f.challenge, f.signature);
    if (r.status !== 'pass') throw new Error(`bench: AA did not verify (${r.reason})`);
    if (i >= 2) samples.push(now() - t0);
  }
  const label = f.key.kind === 'rsa' ? `RSA-${f.key.n.toString(2).length}` : 'ECDSA';
  return summarize(`AA verification ${label}`, samples, 5);
}
