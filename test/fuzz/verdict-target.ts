/**
 * "0 false verified": a genuine virtual CCCD is read once (PACE, CA, AA, all four tiers pass); then one of
 * its data groups or its EF.SOD is mutated and the stored read is verified again, exactly as
 * `verifyRead` does after a live read. Whenever a hashed or signed byte changed, the verdict must not be
 * `verified`. An EF.SOD change that leaves every signed part (eContent, signed attributes, signature,
 * algorithms, certificates) byte-identical — a re-encoded length, a duplicated certificate, the string
 * type of a name in the signer identifier (it only points at the certificate) — is not a change of signed data; such inputs only have to be handled without crashing.
 * Input: byte 0 picks the file, the rest is that file's new content.
 */
import fc from 'fast-check';
import { createVirtualCard } from '../../electron/vcard/profiles.js';
import { VirtualChannel } from '../../electron/vcard/channel.js';
import { readCard } from '../../electron/service/read-card.js';
import { planKeys, type KeyPlan } from '../../electron/service/access-keys.js';
import { addDemoAnchor, defaultTrustStore } from '../../electron/service/trust.js';
import { verifyRead } from '../../electron/service/verify.js';
import { describeDocument } from '../../electron/emrtd/document.js';
import type { ReadResult } from '../../electron/emrtd/read.js';
import { equalBytes } from '../../electron/emrtd/bytes.js';
import { unwrapSod } from '../../electron/pki/sod.js';
import { seededRng } from '../helpers/rng.js';
import { signedParts } from './signed.js';
import { Finding, refusesTyped } from './oracle.js';
import { applyMutations, mutationArb } from './mutate.js';
import type { FuzzTarget } from './targets.js';
import { testPkiCerts } from '../../electron/devkit/test-pki.js';

const NOW = new Date('2026-11-22T10:00:00Z');
const FILES = ['sod', 1, 2, 13, 14, 15] as const;

interface Baseline {
  raw: ReadResult;
  plan: KeyPlan;
  trust: ReturnType<typeof defaultTrustStore>;
  originals: Uint8Array[];
  signed: string;
}

let base: Baseline | undefined;

/** The signed parts of an EF.SOD (see signed.ts); undefined when it does not parse. */
function sodSignedParts(sod: Uint8Array): string | undefined {
  try {
    return signedParts(unwrapSod(sod));
  } catch {
    return undefined;
  }
}

async function setup(): Promise<void> {
  if (base) return;
  const { card, person } = createVirtualCard({ profile: 'cccd-2021', rng: seededRng(11) });
  const plan = planKeys({ id: person.idNumber, dob: person.dateOfBirth, ...(person.dateOfExpiry ? { doe: person.dateOfExpiry } : {}) });
  const trust = defaultTrustStore(NOW);
  addDemoAnchor(trust, testPkiCerts().cscaDer);
  const r = await readCard(new VirtualChannel(card), { plan, rng: seededRng(12), trust, now: NOW });
  if (r.output.verdict !== 'verified') throw new Error(`verdict fuzz: the genuine virtual card is not verified (${JSON.stringify(r.output.checks)})`);
  const files = r.raw.files;
  const originals = FILES.map((f) => (f === 'sod' ? files.sod : files.dataGroups.get(f)));
  if (originals.some((o) => !o)) throw new Error('verdict fuzz: the virtual card lacks a file the property mutates');
  base = { raw: r.raw, plan, trust, originals: originals as Uint8Array[], signed: sodSignedParts(files.sod!)! };
}

function run(input: Uint8Array): void {
  if (!base || input.length === 0) throw new Error('verdict fuzz: setup() not run or empty input');
  const which = input[0]! % FILES.length;
  const file = FILES[which]!;
  const content = input.subarray(1);
  if (equalBytes(content, base.originals[which]!)) return; // not a mutation
  const files = { ...base.raw.files, dataGroups: new Map(base.raw.files.dataGroups) };
  if (file === 'sod') files.sod = content;
  else files.dataGroups.set(file, content);
  const b = base;
  const out = refusesTyped(() => {
    const described = describeDocument(files, b.raw.access, NOW);
    return verifyRead({ files, evidence: b.raw.evidence }, { report: described.report, mrz: described.mrz, plan: b.plan, now: NOW, trust: b.trust });
  });
  if (!out || out.verdict !== 'verified') return; // a typed refusal fails the read: closed
  const { checks } = out;
  if (file === 'sod' && sodSignedParts(content) === base.signed) return; // only unsigned bytes changed
  throw new Finding(`false verified: ${file === 'sod' ? 'EF.SOD' : `DG${file}`} changed in a signed/hashed byte and the verdict is still verified (${checks.chipDataIntact.reason})`);
}

export const verdictTarget: FuzzTarget = {
  name: 'verdict',
  what: 'a genuine virtual-card read with one DG or EF.SOD mutated is never `verified` (service/verify.ts verifyRead)',
  runs: 80,
  weight: 6,
  setup,
  arb: () => {
    if (!base) throw new Error('verdict fuzz: setup() first');
    const originals = base.originals;
    return fc
      .tuple(fc.nat({ max: FILES.length - 1 }), fc.array(mutationArb, { minLength: 1, maxLength: 3 }))
      .map(([i, ms]) => {
        const m = applyMutations(originals[i]!, ms);
        const out = new Uint8Array(m.length + 1);
        out[0] = i;
        out.set(m, 1);
        return out;
      });
  },
  run,
};
