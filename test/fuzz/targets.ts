/**
 * Every parser that takes outside bytes or JSON, as a fuzz target: an input generator (random bytes plus
 * structure-aware mutations of real inputs) and a run function that applies the oracle (typed refusal or a
 * value; see oracle.ts) and the target's own invariants. Every input is a Uint8Array (text targets take
 * UTF-8), so a finding is saved and replayed as a plain file. Used by test/fuzz/parsers.test.ts (fixed
 * seed, bounded runs) and scripts/fuzz.mjs (long runs in worker threads).
 */
import fc from 'fast-check';
import { readTlvs, type Tlv } from '../../electron/emrtd/tlv.js';
import { type Asn1, T, Cls, parseAsn1, readBitStringBits, readInt, readOctets, readOid, readString, readTime } from '../../electron/pki/asn1.js';
import { parseCertificate, type Certificate } from '../../electron/pki/x509.js';
import { parseSignedData, verifySignerInfo, type SignedData } from '../../electron/pki/cms.js';
import { parseSod, checkDgHashes } from '../../electron/pki/sod.js';
import { parseCscaMasterList, readMasterList } from '../../electron/pki/masterlist.js';
import { parseCrl } from '../../electron/pki/crl.js';
import { parseLdif } from '../../electron/pki/ldif.js';
import { verifyCardSecurity } from '../../electron/pki/cardsecurity.js';
import { parseCom } from '../../electron/emrtd/lds/com.js';
import { parseDg1 } from '../../electron/emrtd/lds/dg1.js';
import { parseDg2 } from '../../electron/emrtd/lds/dg2.js';
import { parseDg13 } from '../../electron/emrtd/lds/dg13.js';
import { parseDg15 } from '../../electron/emrtd/lds/dg15.js';
import { parseSubjectPublicKeyInfo } from '../../electron/emrtd/lds/spki.js';
import { choosePaceInfo, findCaPublicKey, isSupportedPaceInfo, parseCardAccess, parseDg14, parseSecurityInfos, resolvePaceDomain, type SecurityInfo } from '../../electron/emrtd/lds/securityinfos.js';
import { parseMrz } from '../../electron/emrtd/mrz.js';
import { parseCccdQr } from '../../electron/emrtd/qr.js';
import { decodeCommand } from '../../electron/emrtd/apdu.js';
import { decodePortrait } from '../../electron/emrtd/image/jp2.js';
import { readImageSize } from '../../electron/emrtd/image/format.js';
import { bytesToAscii, toHex } from '../../electron/emrtd/bytes.js';
import { parseRequest, validateRequest } from '../../electron/contract/validate.js';
import { corpus } from './corpus.js';
import { Finding, invariant, refusesTyped, refusesTypedAsync } from './oracle.js';
import { bytesInputArb, mutatedArb, textInputArb } from './mutate.js';
import { signedParts } from './signed.js';
import { testPki } from '../../electron/devkit/pki-build.js';
import { verdictTarget } from './verdict-target.js';

export interface FuzzTarget {
  name: string;
  /** What is fuzzed, for the docs and the runner's table. */
  what: string;
  /** Runs in `npm test` (fixed seed); sized so each property takes a few seconds on a busy machine. */
  runs: number;
  /** Share of a long run's time (time slices per round; default 1): slow targets that matter get more. */
  weight?: number;
  arb(): fc.Arbitrary<Uint8Array>;
  /** Throws a Finding when the oracle or an invariant breaks; anything else thrown is a finding too. */
  run(input: Uint8Array): void | Promise<void>;
  /** One-time preparation (the verdict target reads a virtual card). */
  setup?(): Promise<void>;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });
const text = (b: Uint8Array): string => utf8.decode(b);
const dgs = (...ns: number[]): Uint8Array[] => ns.flatMap((n) => corpus().dg.get(n) ?? []);
const portraits = (): Uint8Array[] => dgs(2).flatMap((d) => refusesTyped(() => parseDg2(d).faces.map((f) => f.image)) ?? []);
const allDgs = (): Uint8Array[] => [...corpus().dg.values()].flat();

function walkTlv(b: Uint8Array, depth = 0): void {
  if (depth > 12) return;
  const items: Tlv[] = readTlvs(b, 'fuzz');
  let o = 0;
  for (const t of items) {
    invariant(t.start === o && t.valueStart > t.start && t.end >= t.valueStart && t.end <= b.length, `TLV bounds ${t.start}/${t.valueStart}/${t.end} in ${b.length}`);
    invariant(t.value.length === t.end - t.valueStart, 'TLV value length');
    o = t.end;
    if (t.constructed) refusesTyped(() => walkTlv(t.value, depth + 1));
  }
  invariant(o === b.length, 'TLVs do not fill the buffer');
}

/** Calls every typed reader that applies to each node, as the certificate and CMS code does. */
function walkAsn1(n: Asn1, limit: number): void {
  invariant(n.start >= 0 && n.end <= limit && n.raw.length === n.end - n.start && n.content.length <= n.raw.length, `ASN.1 node bounds ${n.start}-${n.end} of ${limit}`);
  if (n.cls === Cls.Universal) {
    const w = 'fuzz';
    if (n.tagNo === T.OID) refusesTyped(() => readOid(n, w));
    else if (n.tagNo === T.INTEGER) refusesTyped(() => readInt(n, w));
    else if (n.tagNo === T.OCTET_STRING) refusesTyped(() => readOctets(n, w));
    else if (n.tagNo === T.BIT_STRING) refusesTyped(() => readBitStringBits(n, w));
    else if (n.tagNo === T.UTCTime || n.tagNo === T.GeneralizedTime) {
      const d = refusesTyped(() => readTime(n, w));
      if (d) timeMatchesText(d, bytesToAscii(n.content), n.tagNo === T.UTCTime);
    } else if ([12, 18, 19, 20, 22, 28, 30].includes(n.tagNo)) refusesTyped(() => readString(n, w));
  }
  for (const c of n.children) walkAsn1(c, limit);
}

/** A time that parsed must say what its text says: no month 13 rolled into next year, no hour 24. */
function timeMatchesText(d: Date, s: string, utc: boolean): void {
  invariant(!Number.isNaN(d.getTime()), 'readTime returned an invalid Date');
  const m = (utc ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?/ : /^\d{2}(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?/).exec(s);
  if (!m || !/(Z)$/.test(s)) return; // offsets shift the fields; checked where Z is used (RFC 5280 requires Z)
  const iso = d.toISOString();
  const want = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}`;
  invariant(iso.slice(2, 19) === want, `time "${s}" read as ${iso}`);
}

function checkSecurityInfos(infos: SecurityInfo[] | undefined): void {
  if (!infos) return;
  refusesTyped(() => {
    const pace = choosePaceInfo(infos);
    if (pace) {
      isSupportedPaceInfo(pace, infos);
      resolvePaceDomain(pace, infos);
    }
    for (const i of infos) if (i.type === 'ChipAuthenticationInfo') findCaPublicKey(i, infos);
  });
}

/**
 * What the signer signed, and the key it was checked with. (The rest of the signer's certificate is the
 * chain's business: a changed certificate with the same key still verifies the same signature.)
 */
function signerParts(sd: SignedData, cert: Certificate | undefined): string {
  const si = sd.signerInfos[0]!;
  const hex = (x: Uint8Array | undefined): string => (x ? toHex(x) : '-');
  // the key as the verifier uses it (an SPKI re-encoded with long-form lengths holds the same key)
  const key = JSON.stringify(cert?.publicKey ?? null, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString(16) : v instanceof Uint8Array ? toHex(v) : v));
  return [sd.eContentType, hex(sd.eContent), hex(si.signedAttrs?.signedBytes), hex(si.signature), si.digestAlgorithm, si.signatureAlgorithm.name, key].join('|');
}
let genuine: Set<string> | undefined;
/** signerParts of every unmutated CMS seed whose signature passes. */
function genuineSigners(): Set<string> {
  if (genuine) return genuine;
  genuine = new Set();
  for (const b of corpus().cms) {
    const sd = parseSignedData(b);
    const sv = verifySignerInfo(sd, { expectedContentType: sd.eContentType });
    if (sv.signature.status === 'pass') genuine.add(signerParts(sd, sv.signerCertificate));
  }
  return genuine;
}

const bytesTarget = (name: string, what: string, runs: number, seeds: () => Uint8Array[], run: (b: Uint8Array) => void): FuzzTarget => ({
  name,
  what,
  runs,
  arb: () => bytesInputArb(seeds()),
  run: (b) => void refusesTyped(() => run(b)),
});

const REQUEST_SEEDS = [
  '{"type":"hello","id":"1","token":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","client":"HIS"}',
  '{"type":"listReaders","id":"r-2"}',
  '{"type":"startRead","id":"3","readerId":"virtual:0","key":{"id":"001099012345","dob":"15/03/1999","doe":"2039-03-15"},"photo":false}',
  '{"type":"startRead","id":"4","readerId":"pcsc:ACS ACR1252 00 00","key":{"can":"012345"}}',
  '{"type":"startRead","id":"5","readerId":"virtual:1","key":{"qr":"001099012345|123456789|Nguyễn Văn An|15031999|Nam|Hà Nội|15042021"}}',
  '{"type":"cancel","id":"6","readerId":"virtual:0"}',
  '{"type":"demoCard","id":"7","readerId":"virtual:0","action":"insert","profile":"cccd-2021"}',
  '{"type":"adminUnlock","id":"8","pin":"135790"}',
  '{"type":"updateSettings","id":"9","session":"BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB","patch":{"retentionDays":30,"mode":"kiosk"}}',
  '{"type":"configureReader","id":"10","session":"BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB","readerId":"virtual:0","label":"Quầy 1"}',
  '{"type":"changeAdminPin","id":"11","session":"BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB","newPin":"24681357"}',
  '{"type":"trustStatus","id":"12"}',
];

const MRZ_SEEDS = [
  'IDVNM0990123458001099012345<<<\n9903151M3903156VNM<<<<<<<<<<<6\nNGUYEN<<VAN<AN<<<<<<<<<<<<<<<<',
  'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10',
];
const QR_SEEDS = ['001099012345|123456789|Nguyễn Văn An|15031999|Nam|Số 1, Hà Nội|15042021', '001099012345||NGUYEN VAN AN|15031999|Nữ|Hà Nội|15042021|||'];

export function targets(): FuzzTarget[] {
  const c = corpus;
  return [
    bytesTarget('tlv', 'BER-TLV reader (emrtd/tlv.ts readTlvs), recursively into constructed values', 2000, () => [...allDgs(), ...c().com, ...c().sods, ...c().cardAccess], walkTlv),
    bytesTarget('asn1', 'DER/BER reader (pki/asn1.ts parseAsn1) and every typed reader on its nodes', 2000, () => [...c().certificates, ...c().cms, ...c().crls], (b) => {
      const n = parseAsn1(b, 'fuzz', { allowTrailing: true });
      walkAsn1(n, b.length);
    }),
    bytesTarget('x509', 'X.509 certificates (pki/x509.ts parseCertificate)', 1500, () => c().certificates, (b) => void parseCertificate(b)),
    bytesTarget('cms', 'CMS SignedData parse and signer verification; a signature that passes covers unchanged content (pki/cms.ts)', 250, () => c().cms, (b) => {
      const sd = parseSignedData(b);
      const sv = verifySignerInfo(sd, { expectedContentType: sd.eContentType });
      if (sv.signature.status === 'pass' && sv.signedAttributes.status === 'pass') {
        invariant(genuineSigners().has(signerParts(sd, sv.signerCertificate)), `false verified: a CMS (${sd.eContentType}) whose signed content changed passes its signature check`);
      }
    }),
    bytesTarget('sod', 'EF.SOD and LDSSecurityObject (pki/sod.ts parseSod, checkDgHashes)', 1000, () => c().sods, (b) => {
      const s = parseSod(b);
      checkDgHashes(s.lds, new Map([[1, Uint8Array.of(0x61, 0)]]));
    }),
    bytesTarget('dg1', 'DG1 / MRZ (lds/dg1.ts parseDg1)', 2000, () => dgs(1), (b) => void parseDg1(b)),
    bytesTarget('dg2', 'DG2 biometric template and image header (lds/dg2.ts parseDg2)', 800, () => dgs(2), (b) => void parseDg2(b)),
    bytesTarget('dg11-12', 'DG11/DG12 (no product parser: hashed only) through the TLV reader', 1000, () => dgs(11, 12), walkTlv),
    bytesTarget('dg13', 'DG13 Vietnamese details (lds/dg13.ts parseDg13)', 2000, () => dgs(13), (b) => void parseDg13(b)),
    bytesTarget('dg14', 'DG14 SecurityInfos and CA key choice (lds/securityinfos.ts parseDg14)', 1000, () => dgs(14), (b) => checkSecurityInfos(refusesTyped(() => parseDg14(b)))),
    bytesTarget('dg15', 'DG15 Active Authentication key (lds/dg15.ts parseDg15)', 1000, () => dgs(15), (b) => void parseDg15(b)),
    bytesTarget('spki', 'SubjectPublicKeyInfo, explicit EC and DH parameters (lds/spki.ts)', 1500, () => c().spki, (b) => void parseSubjectPublicKeyInfo(b)),
    bytesTarget('com', 'EF.COM (lds/com.ts parseCom)', 2000, () => c().com, (b) => void parseCom(b)),
    bytesTarget('cardaccess', 'EF.CardAccess SecurityInfos and PACE choice (lds/securityinfos.ts)', 1500, () => [...c().cardAccess, ...dgs(14).map((d) => d.subarray(d[1]! & 0x80 ? 2 + (d[1]! & 0x7f) : 2))], (b) =>
      checkSecurityInfos(refusesTyped(() => parseCardAccess(b))),
    ),
    bytesTarget('cardsecurity', 'EF.CardSecurity (pki/cardsecurity.ts verifyCardSecurity)', 150, () => c().cardSecurity, (b) => {
      const v = verifyCardSecurity(b);
      checkSecurityInfos(refusesTyped(() => parseSecurityInfos(v.securityInfos, 'EF.CardSecurity')));
    }),
    bytesTarget('masterlist-content', 'CscaMasterList content (pki/masterlist.ts parseCscaMasterList)', 400, () => c().masterListContents, (b) => {
      const m = parseCscaMasterList(b);
      invariant(m.certificates.length + m.errors.length === m.total, 'master list certificates + errors != total');
    }),
    bytesTarget('masterlist', 'whole master lists with signature check (pki/masterlist.ts readMasterList)', 40, () => c().masterLists, (b) => {
      const m = readMasterList(b);
      invariant(!m.verification.verified, 'a master list verified without any root');
    }),
    bytesTarget('crl', 'CRLs (pki/crl.ts parseCrl)', 1500, () => c().crls, (b) => void parseCrl(b)),
    {
      name: 'ldif',
      what: 'ICAO PKD LDIF (pki/ldif.ts parseLdif)',
      runs: 1500,
      arb: () => textInputArb(c().ldif),
      run: (b) => {
        const l = refusesTyped(() => parseLdif(text(b)));
        if (l) invariant(l.entries >= 0 && [...l.certificates, ...l.masterLists, ...l.crls].every((x) => x.der instanceof Uint8Array), 'LDIF values');
      },
    },
    {
      name: 'api',
      what: 'local agent API messages (contract/validate.ts parseRequest)',
      runs: 3000,
      arb: () => textInputArb(REQUEST_SEEDS, [fc.json({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify({ type: 'startRead', id: 'x', readerId: 'virtual:0', key: v }))]),
      run: (b) => {
        let r: ReturnType<typeof parseRequest>;
        try {
          r = parseRequest(text(b));
        } catch (e) {
          throw new Finding(`parseRequest threw: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, { cause: e });
        }
        if (r.ok) {
          const again = validateRequest(JSON.parse(JSON.stringify(r.value)));
          invariant(again.ok && JSON.stringify(again.value) === JSON.stringify(r.value), 'an accepted request does not validate again to itself');
        } else invariant(typeof r.error.code === 'string' && r.error.code.startsWith('API_') || r.error.code === 'KEY_INVALID', `error code ${r.error.code}`);
      },
    },
    {
      name: 'mrz',
      what: 'MRZ text typed or scanned by staff (emrtd/mrz.ts parseMrz)',
      runs: 2000,
      arb: () => textInputArb(MRZ_SEEDS),
      run: (b) => void refusesTyped(() => parseMrz(text(b))),
    },
    {
      name: 'qr',
      what: 'CCCD QR code text (emrtd/qr.ts parseCccdQr)',
      runs: 2000,
      arb: () => textInputArb(QR_SEEDS),
      run: (b) => void refusesTyped(() => parseCccdQr(text(b))),
    },
    bytesTarget('apdu', 'command APDUs as the virtual card receives them (emrtd/apdu.ts decodeCommand)', 2000, () => [Uint8Array.of(0, 0xa4, 2, 0x0c, 2, 1, 0x1e), Uint8Array.of(0, 0xb0, 0, 0, 0, 0, 0), Uint8Array.of(0x0c, 0xb1, 0, 0, 0, 0, 4, 0x54, 2, 0x80, 0, 0, 0)], (b) => void decodeCommand(b)),
    {
      name: 'portrait',
      what: 'portrait images from DG2: JPEG (jpeg-js) and JPEG 2000 (OpenJPEG wasm) decoding (emrtd/image)',
      runs: 60,
      weight: 2,
      arb: () => bytesInputArb(portraits()),
      run: async (b) => {
        refusesTyped(() => readImageSize(b));
        await refusesTypedAsync(() => decodePortrait(b));
      },
    },
    {
      name: 'masterlist-verified',
      what: 'a test-PKI master list with a signed byte changed never verifies against its root (pki/masterlist.ts)',
      runs: 40,
      weight: 3,
      arb: () => mutatedArb([c().masterLists[0]!]),
      run: (b) => {
        const m = refusesTyped(() => readMasterList(b, { roots: [testPki().csca.cert], at: new Date('2026-11-22T10:00:00Z') }));
        if (!m?.verification.verified) return;
        invariant(signedParts(b) === signedParts(c().masterLists[0]!), 'false verified: a master list whose signed content changed verifies against its root');
      },
    },
    verdictTarget,
  ];
}
