import { describe, expect, it } from 'vitest';
import { icaoVectors, h, sharedBytes } from '../../../helpers/shared.js';
import { toHex } from '../../../../electron/emrtd/bytes.js';
import { encodeCommand, type CommandApdu, type ResponseApdu } from '../../../../electron/emrtd/apdu.js';
import { CardSecureMessaging, SecureMessaging } from '../../../../electron/emrtd/sm.js';
import { isChipIdError } from '../../../../electron/emrtd/errors.js';
import {
  ChipAuthResponder,
  checkChipAuthentication,
  performChipAuthentication,
  runChipAuthentication,
  type ChipAuthKey,
} from '../../../../electron/emrtd/ca/chipauth.js';
import { findCaPublicKey, parseDg14, type ChipAuthenticationInfo, type ChipAuthenticationPublicKeyInfo } from '../../../../electron/emrtd/lds/securityinfos.js';
import { caOid } from '../../../../electron/emrtd/lds/oids.js';
import { groupFor } from '../../../../electron/emrtd/pace/group.js';
import { standardDomain, type DomainParams } from '../../../../electron/emrtd/pace/params.js';
import type { SmCipherSuite } from '../../../../electron/emrtd/crypto/kdf.js';
import { scriptedRng, seededRng } from '../pace/script.js';

describe('Chip Authentication against a real session', () => {
  it('gmrtd AT passport: id-CA-ECDH-AES-CBC-CMAC-128, explicit brainpoolP256r1, no keyId — APDUs byte for byte', async () => {
    const v = icaoVectors().realSessions.gmrtd_CA_AT_ECDH_AES128;
    const infos = parseDg14(h(v.dg14));
    const caInfo = infos.find((i): i is ChipAuthenticationInfo => i.type === 'ChipAuthenticationInfo')!;
    const caPublicKeyInfo = findCaPublicKey(caInfo, infos)!;
    let current = new SecureMessaging({ suite: 'AES-128', ksEnc: h(v.smBefore.ksEnc), ksMac: h(v.smBefore.ksMac), ssc: h(v.smBefore.ssc) });
    const script = [...v.apdus] as { command: string; response: string }[];
    const transceive = async (cmd: CommandApdu): Promise<ResponseApdu> => {
      const step = script.shift()!;
      expect(toHex(current.wrapCommand(cmd))).toBe(step.command);
      return current.unwrapResponse(h(step.response));
    };
    const res = await performChipAuthentication(transceive, { caInfo, caPublicKeyInfo, rng: scriptedRng(v.terminalPrivateKey) });
    expect(res.algorithm).toBe('CA-ECDH-AES-128/brainpoolP256r1');
    expect(toHex(res.terminalEphemeralPublicKey)).toBe(v.terminalPublicKey);
    current = res.sm;
    const verdict = await checkChipAuthentication(transceive, res.algorithm, { cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: h('010E') });
    expect(verdict.status).toBe('pass');
    expect(toHex(current.ssc)).toBe(v.smAfter.sscAfterSelect);
    expect(script.length).toBe(0);
  });
});

/** Reader ↔ chip with secure messaging on both sides; CA restarts both. */
function virtualLink(suite: SmCipherSuite, responder: ChipAuthResponder) {
  const keys = { suite, ksEnc: new Uint8Array(16).fill(1), ksMac: new Uint8Array(16).fill(2), ssc: new Uint8Array(suite === '3DES' ? 8 : 16) };
  const link = { reader: new SecureMessaging(keys), card: new CardSecureMessaging(keys) };
  const transceive = async (cmd: CommandApdu): Promise<ResponseApdu> => {
    const raw = link.reader.wrapCommand(cmd);
    let out: Uint8Array;
    try {
      const plain = link.card.unwrapCommand(raw);
      const { response, restart } = responder.accepts(plain)
        ? responder.handle(plain)
        : { response: { data: new Uint8Array(0), sw: 0x9000 }, restart: undefined };
      out = link.card.wrapResponse(response.data, response.sw);
      if (restart) link.card = new CardSecureMessaging(restart);
    } catch (e) {
      out = link.card.bareStatus(isChipIdError(e) && e.sw ? e.sw : 0x6988);
    }
    return link.reader.unwrapResponse(out);
  };
  return { link, transceive };
}

function setup(ka: 'ECDH' | 'DH', suite: SmCipherSuite, domain: DomainParams, keyId?: number) {
  const g = groupFor(domain);
  const sk = g.randomScalar(seededRng(11));
  const oid = caOid(ka, suite);
  const caInfo: ChipAuthenticationInfo = { type: 'ChipAuthenticationInfo', oid, version: 1, ...(keyId === undefined ? {} : { keyId }) };
  const pub = g.encode(g.mul(g.generator, sk));
  const caPublicKeyInfo: ChipAuthenticationPublicKeyInfo = {
    type: 'ChipAuthenticationPublicKeyInfo',
    oid: ka === 'ECDH' ? '0.4.0.127.0.7.2.2.1.2' : '0.4.0.127.0.7.2.2.1.1',
    publicKey:
      domain.kind === 'ec'
        ? { kind: 'ec', domain, encoding: { form: 'explicit', withCofactor: true }, point: pub }
        : { kind: 'dh', domain, encoding: 'x942', y: BigInt('0x' + toHex(pub)) },
    ...(keyId === undefined ? {} : { keyId }),
  };
  const key: ChipAuthKey = { oid, domain, privateKey: sk, ...(keyId === undefined ? {} : { keyId }) };
  return { caInfo, caPublicKeyInfo, key, g };
}

describe('Chip Authentication ↔ ChipAuthResponder', () => {
  const cases: ['ECDH' | 'DH', SmCipherSuite, number, number | undefined][] = [
    ['ECDH', 'AES-128', 13, undefined],
    ['ECDH', '3DES', 11, 1], // MSE:Set KAT with key id
    ['ECDH', 'AES-256', 16, 7],
    ['DH', '3DES', 0, undefined],
    ['DH', 'AES-128', 2, undefined],
  ];
  for (const [ka, suite, id, keyId] of cases) {
    it(`CA-${ka}-${suite} on ${id}${keyId === undefined ? '' : ` keyId ${keyId}`}: genuine → pass`, async () => {
      const { caInfo, caPublicKeyInfo, key } = setup(ka, suite, standardDomain(id)!, keyId);
      const { link, transceive } = virtualLink(suite === 'AES-256' ? 'AES-128' : suite, new ChipAuthResponder([key]));
      const r = await runChipAuthentication(transceive, (sm) => (link.reader = sm), { caInfo, caPublicKeyInfo, rng: seededRng(5) });
      expect(r.status).toBe('pass');
    });
  }

  it('clone: chip private key does not match DG14 → status fail with reason, no exception', async () => {
    const { caInfo, caPublicKeyInfo, key } = setup('ECDH', 'AES-128', standardDomain(13)!);
    const clone = new ChipAuthResponder([{ ...key, privateKey: key.privateKey + 1n }]);
    const { link, transceive } = virtualLink('AES-128', clone);
    const r = await runChipAuthentication(transceive, (sm) => (link.reader = sm), { caInfo, caPublicKeyInfo, rng: seededRng(5) });
    expect(r.status).toBe('fail');
    expect(r.reason).toMatch(/new session keys/);
  });

  it('clone that answers with a forged MAC → fail (MAC_INVALID caught)', async () => {
    const { caInfo, caPublicKeyInfo } = setup('ECDH', 'AES-128', standardDomain(13)!);
    let n = 0;
    const transceive = async (): Promise<ResponseApdu> => (n++ < 2 ? { data: new Uint8Array(0), sw: 0x9000 } : { data: new Uint8Array(0), sw: 0x9000 });
    const res = await performChipAuthentication(transceive, { caInfo, caPublicKeyInfo, rng: seededRng(5) });
    const forged = async (cmd: CommandApdu): Promise<ResponseApdu> => {
      res.sm.wrapCommand(cmd);
      return res.sm.unwrapResponse(h('990290008E0800112233445566779000'));
    };
    expect((await checkChipAuthentication(forged, res.algorithm)).status).toBe('fail');
  });

  it('chip refuses MSE:Set AT (6A80) → fail; off-curve DG14 key → fail; card lost → rethrown', async () => {
    const { caInfo, caPublicKeyInfo } = setup('ECDH', 'AES-128', standardDomain(13)!);
    const refuse = async (): Promise<ResponseApdu> => ({ data: new Uint8Array(0), sw: 0x6a80 });
    expect((await runChipAuthentication(refuse, () => {}, { caInfo, caPublicKeyInfo, rng: seededRng(1) })).status).toBe('fail');
    const bad: ChipAuthenticationPublicKeyInfo = { ...caPublicKeyInfo, publicKey: { ...(caPublicKeyInfo.publicKey as { kind: 'ec' } & typeof caPublicKeyInfo.publicKey), point: h('04' + '11'.repeat(64)) } as ChipAuthenticationPublicKeyInfo['publicKey'] };
    const ok = async (): Promise<ResponseApdu> => ({ data: new Uint8Array(0), sw: 0x9000 });
    expect((await runChipAuthentication(ok, () => {}, { caInfo, caPublicKeyInfo: bad, rng: seededRng(1) })).status).toBe('fail');
    const lost = async (): Promise<ResponseApdu> => {
      throw new Error('reader unplugged');
    };
    const err = await runChipAuthentication(lost, () => {}, { caInfo, caPublicKeyInfo, rng: seededRng(1) }).catch((e: unknown) => e);
    expect(isChipIdError(err) && err.code).toBe('TRANSPORT_LOST');
  });

  it('ChipAuthResponder status words: unknown OID → 6A88, missing key → 6A80, GA without Set AT → 6985', () => {
    const { key } = setup('ECDH', 'AES-128', standardDomain(13)!);
    const r = new ChipAuthResponder([key]);
    expect(r.handle({ cla: 0, ins: 0x22, p1: 0x41, p2: 0xa4, data: h('800A04007F00070202030204') }).response.sw).toBe(0x6a88);
    expect(r.handle({ cla: 0, ins: 0x22, p1: 0x41, p2: 0xa4, data: h('8401FF') }).response.sw).toBe(0x6a80);
    expect(r.handle({ cla: 0, ins: 0x86, p1: 0, p2: 0, data: h('7C00') }).response.sw).toBe(0x6985);
    r.handle({ cla: 0, ins: 0x22, p1: 0x41, p2: 0xa4, data: h('800A04007F00070202030202') });
    expect(r.handle({ cla: 0, ins: 0x86, p1: 0, p2: 0, data: h('7C0580030400FF') }).response.sw).toBe(0x6a80);
  });

  it('specimen DG14 (BSI TR-03105-5): 3DES CA key on explicit brainpoolP224r1 drives MSE:Set KAT', async () => {
    const infos = parseDg14(sharedBytes('vectors/specimen/bsi-tr03105-5/DG14.bin'));
    const caInfo = infos.find((i): i is ChipAuthenticationInfo => i.type === 'ChipAuthenticationInfo')!;
    const pk = findCaPublicKey(caInfo, infos)!;
    const sent: CommandApdu[] = [];
    const t = async (cmd: CommandApdu): Promise<ResponseApdu> => {
      sent.push(cmd);
      return { data: new Uint8Array(0), sw: 0x9000 };
    };
    const res = await performChipAuthentication(t, { caInfo, caPublicKeyInfo: pk, rng: seededRng(3) });
    expect(res.algorithm).toBe('CA-ECDH-3DES/brainpoolP224r1');
    expect(toHex(encodeCommand(sent[0]!)).slice(0, 14)).toBe('002241A63B9139');
    expect(res.sm.suite).toBe('3DES');
  });
});
