/**
 * Real inputs the fuzz targets mutate: the shared vectors (real SODs and CSCAs collected by gmrtd, the
 * BSI/ETSI/BDr specimens, the German master list and EF.CardSecurity), the virtual cards' files, and a
 * few structures built with the test PKI (a small master list, a CRL, an LDIF file) where no real small
 * one exists. Loaded once per process.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_DIR } from '../helpers/shared.js';
import { seededRng } from '../helpers/rng.js';
import { createVirtualCard, type ProfileName } from '../../electron/vcard/profiles.js';
import { buildSignedData, makeCrl, testPki } from '../../electron/devkit/pki-build.js';
import { int, seq, setOf } from '../../electron/pki/der.js';
import { OID } from '../../electron/pki/oids.js';
import { parseSignedData } from '../../electron/pki/cms.js';
import { parseCscaMasterList } from '../../electron/pki/masterlist.js';
import { unwrapSod } from '../../electron/pki/sod.js';
import { parseCertificate } from '../../electron/pki/x509.js';
import { readTlv } from '../../electron/emrtd/tlv.js';
import { base64Encode } from '../../electron/emrtd/base64.js';
import { EF_CARD_ACCESS, EF_COM, EF_SOD } from '../../electron/emrtd/lds/files.js';

export interface Corpus {
  /** EF.SOD files (tag 77). */
  sods: Uint8Array[];
  /** ContentInfo(SignedData) without the 77 wrapper: SODs, EF.CardSecurity, the small master list. */
  cms: Uint8Array[];
  certificates: Uint8Array[];
  dg: Map<number, Uint8Array[]>;
  com: Uint8Array[];
  cardAccess: Uint8Array[];
  cardSecurity: Uint8Array[];
  /** Whole master lists: the small test-PKI one first, the real 900 KB German one last. */
  masterLists: Uint8Array[];
  /** CscaMasterList eContent (version + SET OF Certificate), a few certificates each. */
  masterListContents: Uint8Array[];
  crls: Uint8Array[];
  ldif: string[];
  spki: Uint8Array[];
}

// scripts/fuzz.mjs runs a bundle from elsewhere, so it says where ../shared is.
const SHARED = process.env.CHIPID_FUZZ_SHARED_DIR ?? SHARED_DIR;
const file = (rel: string): Uint8Array => new Uint8Array(readFileSync(join(SHARED, rel)));
const filesIn = (rel: string, re: RegExp): Uint8Array[] =>
  readdirSync(join(SHARED, rel))
    .filter((f) => re.test(f))
    .sort()
    .map((f) => file(`${rel}/${f}`));

const PROFILES: ProfileName[] = ['cccd-2021', 'cccd-2024', 'passport-td3', 'cccd-pace-cam', 'cccd-pace-im'];
const SPECIMENS = ['specimen/bdr-test-tsemrtd', 'specimen/bsi-tr03105-5', 'specimen/etsi-tr103200'];

let cached: Corpus | undefined;

function fold(attr: string, der: Uint8Array): string {
  const b64 = base64Encode(der);
  const first = `${attr}:: ${b64.slice(0, 60)}`;
  const rest = b64.slice(60).match(/.{1,75}/g) ?? [];
  return [first, ...rest.map((l) => ` ${l}`)].join('\n');
}

export function corpus(): Corpus {
  if (cached) return cached;
  const dg = new Map<number, Uint8Array[]>();
  const addDg = (n: number, b: Uint8Array): void => void dg.set(n, [...(dg.get(n) ?? []), b]);
  const sods: Uint8Array[] = filesIn('vectors/real/gmrtd', /^SOD_.*\.bin$/);
  const com: Uint8Array[] = [];
  const cardAccess: Uint8Array[] = [];
  for (const dir of SPECIMENS) {
    for (const f of readdirSync(join(SHARED, 'vectors', dir)).sort()) {
      const b = file(`vectors/${dir}/${f}`);
      const m = /^DG(\d+)\.bin$/.exec(f);
      if (m) addDg(Number(m[1]), b);
      else if (f === 'EF_SOD.bin') sods.push(b);
      else if (f === 'EF_COM.bin') com.push(b);
    }
  }
  for (const profile of PROFILES) {
    const { personalised } = createVirtualCard({ profile, rng: seededRng(31) });
    for (const f of personalised.ldsFiles) {
      if (f.fid === EF_SOD.fid) sods.push(f.data);
      else if (f.fid === EF_COM.fid) com.push(f.data);
      else if (f.fid >= 0x0101 && f.fid <= 0x0110) addDg(f.fid - 0x0100, f.data);
    }
    for (const f of personalised.mfFiles) if (f.fid === EF_CARD_ACCESS.fid) cardAccess.push(f.data);
  }
  const cardSecurity = [file('vectors/real/gmrtd/CardSecurity_DE.bin')];
  const certificates = [
    ...filesIn('vectors/real/gmrtd/csca', /\.cer$/),
    file('vectors/specimen/bsi-tr03105-5/DS_HJP_PB_DS_0142fd5cf927.cer'),
    file('vectors/specimen/etsi-tr103200/DS_ETSI_DS_0130846f2b3e.cer'),
    file('trust/DE_ROOT_CA_CSCA07.cer'),
  ];
  const pki = testPki();
  certificates.push(pki.csca.der, pki.ds.der);

  // A small master list signed with the test PKI (fast to mutate), then the real one.
  const germanMl = file('trust/DE_ML_2026-05-28.ml');
  const german = parseCscaMasterList(parseSignedData(germanMl, 'ML').eContent);
  const picks = [0, 1, 2, 50, 100, 200, 300, 400, 500, german.certificates.length - 1].map((i) => german.certificates[Math.min(i, german.certificates.length - 1)]!.der);
  certificates.push(...picks.slice(0, 6));
  const masterListContents = [seq(int(0), setOf(...picks.slice(0, 3))), seq(int(0), setOf(...picks.slice(3, 6))), seq(int(0), setOf(pki.csca.der))];
  const smallMl = buildSignedData({ eContentType: OID.cscaMasterList, eContent: masterListContents[0]!, ds: pki.ds, signatureAlg: 'ecdsa-with-SHA256' });
  const masterLists = [smallMl, germanMl];

  const crl = makeCrl(pki.csca, [0x2001n, 0x77n], { thisUpdate: new Date('2026-05-01T00:00:00Z'), nextUpdate: new Date('2026-08-01T00:00:00Z') }).der;
  const emptyCrl = makeCrl(pki.csca, [], { thisUpdate: new Date('2026-05-01T00:00:00Z'), nextUpdate: new Date('2026-08-01T00:00:00Z') }).der;
  const crls = [crl, emptyCrl];

  const ldif = [
    [
      'version: 1',
      '',
      'dn: cn=CSCA,o=csca,c=VN,dc=data,dc=pkdDownload',
      'objectClass: top',
      fold('userCertificate;binary', pki.csca.der),
      '',
      'dn: cn=ML,o=ml,c=DE,dc=data,dc=pkdDownload',
      fold('CscaMasterListData', smallMl),
      '',
      'dn: cn=CRL,o=crl,c=VN,dc=data,dc=pkdDownload',
      fold('certificateRevocationList;binary', crl),
      '',
    ].join('\n'),
    `dn: cn=x,c=DE\r\n${fold('userCertificate;binary', picks[1]!).replace(/\n/g, '\r\n')}\r\n\r\n`,
  ];

  const cms = [...sods.map((s) => unwrapSod(s)), ...cardSecurity, smallMl];
  const spki = [...certificates.slice(0, 4), pki.csca.der, pki.ds.der].map((c) => parseCertificate(c, 'seed').spki);
  for (const f of dg.get(15) ?? []) spki.push(readTlv(f, 0).value);
  cached = { sods, cms, certificates, dg, com, cardAccess, cardSecurity, masterLists, masterListContents, crls, ldif, spki };
  return cached;
}

