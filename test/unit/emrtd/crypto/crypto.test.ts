import { describe, expect, it } from 'vitest';
import { aesCbcDecrypt, aesCbcEncrypt, aesCmac, aesEcbEncryptBlock, createAes } from '../../../../electron/emrtd/crypto/aes.js';
import { kdf, KDF_ENC, KDF_MAC, KDF_PI } from '../../../../electron/emrtd/crypto/kdf.js';
import {
  adjustDesParity,
  createRetailMac,
  desEcbEncryptBlock,
  desEdeCbcDecrypt,
  desEdeCbcEncrypt,
  desEdeEcbEncryptBlock,
  retailMac,
  sha1,
} from '../../../../electron/emrtd/crypto/legacy.js';
import { pad, unpad } from '../../../../electron/emrtd/crypto/pad.js';
import { asciiBytes, toHex } from '../../../../electron/emrtd/bytes.js';
import { ChipIdError } from '../../../../electron/emrtd/errors.js';
import { h, icaoVectors } from '../../../helpers/shared.js';

const bac = icaoVectors().bac;
const g1 = icaoVectors().pace.G1_ECDH_GM;
const g2 = icaoVectors().pace.G2_DH_GM;
const h1 = icaoVectors().pace.H1_ECDH_IM;

function expectCode(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ChipIdError);
    expect((e as ChipIdError).code).toBe(code);
    return;
  }
  throw new Error(`expected ChipIdError ${code}`);
}

describe('SHA-1', () => {
  it('9303-11 App. D.2: SHA-1 of the MRZ information', () => {
    expect(toHex(sha1(asciiBytes(bac.mrzInfo)))).toBe(bac.sha1MrzInfo);
  });
  it('FIPS 180 "abc"', () => {
    expect(toHex(sha1(asciiBytes('abc')))).toBe('A9993E364706816ABA3E25717850C26C9CD0D89D');
  });
});

describe('DES / 3DES', () => {
  it('single DES classic vector (key 133457799BBCDFF1)', () => {
    expect(toHex(desEcbEncryptBlock(h('133457799BBCDFF1'), h('0123456789ABCDEF')))).toBe('85E813540F0AB405');
  });
  it('3DES with K1 = K2 equals single DES', () => {
    const k = h('133457799BBCDFF1133457799BBCDFF1');
    expect(toHex(desEdeEcbEncryptBlock(k, h('0123456789ABCDEF')))).toBe('85E813540F0AB405');
  });
  it('9303-11 App. D.3: E_IFD = 3DES-CBC(K_Enc, S) and decryption inverts it', () => {
    const e = desEdeCbcEncrypt(h(bac.kenc), new Uint8Array(8), h(bac.S));
    expect(toHex(e)).toBe(bac.eIFD);
    expect(toHex(desEdeCbcDecrypt(h(bac.kenc), new Uint8Array(8), e))).toBe(bac.S);
  });
  it('9303-11 App. D.3: decrypting E_IC gives R', () => {
    expect(toHex(desEdeCbcDecrypt(h(bac.kenc), new Uint8Array(8), h(bac.eIC)))).toBe(bac.R);
  });
  it('24-byte key K1 K2 K1 equals the 16-byte key', () => {
    const k24 = h(bac.kenc + bac.kencKa);
    expect(toHex(desEdeCbcEncrypt(k24, new Uint8Array(8), h(bac.S)))).toBe(bac.eIFD);
  });
  it('hostile sizes throw CRYPTO_ERROR', () => {
    expectCode(() => desEdeCbcEncrypt(h('00'.repeat(15)), new Uint8Array(8), new Uint8Array(8)), 'CRYPTO_ERROR');
    expectCode(() => desEdeCbcEncrypt(h(bac.kenc), new Uint8Array(8), new Uint8Array(7)), 'CRYPTO_ERROR');
    expectCode(() => desEdeCbcDecrypt(h(bac.kenc), new Uint8Array(16), new Uint8Array(8)), 'CRYPTO_ERROR');
    expectCode(() => desEcbEncryptBlock(h(bac.kenc), new Uint8Array(8)), 'CRYPTO_ERROR');
  });
});

describe('retail MAC (ISO/IEC 9797-1 MAC algorithm 3)', () => {
  it('9303-11 App. D.3: M_IFD and M_IC', () => {
    expect(toHex(retailMac(h(bac.kmac), pad(h(bac.eIFD), 8)))).toBe(bac.mIFD);
    const mac = createRetailMac(h(bac.kmac));
    expect(toHex(mac(pad(h(bac.eIC), 8)))).toBe(bac.mIC);
    expect(toHex(mac(pad(h(bac.eIFD), 8)))).toBe(bac.mIFD); // keyed instance is reusable
  });
  it('9303-11 App. D.4: CC over N', () => {
    const s = icaoVectors().sm.steps[0];
    expect(toHex(retailMac(h(icaoVectors().sm.ksMac), h(s.N)))).toBe(s.cc);
  });
  it('rejects unpadded input and wrong key sizes', () => {
    expectCode(() => retailMac(h(bac.kmac), new Uint8Array(7)), 'CRYPTO_ERROR');
    expectCode(() => retailMac(h(bac.kmac), new Uint8Array(0)), 'CRYPTO_ERROR');
    expectCode(() => retailMac(h(bac.kmac + bac.kencKa), new Uint8Array(8)), 'CRYPTO_ERROR');
  });
});

describe('DES parity', () => {
  it('9303-11 App. D.2: parity-adjusting SHA-1(Kseed||1) gives K_Enc', () => {
    const d = sha1(h(bac.kseed + '00000001')).subarray(0, 16);
    expect(toHex(adjustDesParity(d))).toBe(bac.kenc);
  });
  it('every output byte has odd parity and only bit 0 changes', () => {
    for (let b = 0; b < 256; b++) {
      const o = adjustDesParity(Uint8Array.of(b))[0]!;
      let ones = 0;
      for (let v = o; v; v >>= 1) ones += v & 1;
      expect(ones % 2).toBe(1);
      expect(o & 0xfe).toBe(b & 0xfe);
    }
  });
});

describe('AES', () => {
  it('FIPS 197 App. C.1–C.3 (AES-128/192/256)', () => {
    const pt = h('00112233445566778899AABBCCDDEEFF');
    const key = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => i);
    expect(toHex(aesEcbEncryptBlock(key(16), pt))).toBe('69C4E0D86A7B0430D8CDB78070B4C55A');
    expect(toHex(aesEcbEncryptBlock(key(24), pt))).toBe('DDA97CA4864CDFE06EAF70A0EC0D7191');
    expect(toHex(aesEcbEncryptBlock(key(32), pt))).toBe('8EA2B7CA516745BFEAFC49904B496089');
  });
  it('NIST SP 800-38A F.2.1/F.2.2: CBC-AES128', () => {
    const key = h('2B7E151628AED2A6ABF7158809CF4F3C');
    const iv = h('000102030405060708090A0B0C0D0E0F');
    const pt = h('6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E51');
    const ct = '7649ABAC8119B246CEE98E9B12E9197D5086CB9B507219EE95DB113A917678B2';
    expect(toHex(aesCbcEncrypt(key, iv, pt))).toBe(ct);
    expect(toHex(aesCbcDecrypt(key, iv, h(ct)))).toBe(toHex(pt));
  });
  it('9303-11 App. G.1 / G.2: decrypting the PACE nonce with K_pi (AES-CBC, IV zero)', () => {
    expect(toHex(aesCbcDecrypt(h(g1.K_pi), new Uint8Array(16), h(g1.encryptedNonce)))).toBe(g1.nonce_s);
    expect(toHex(aesCbcDecrypt(h(g2.K_pi), new Uint8Array(16), h(g2.encryptedNonce)))).toBe(g2.nonce_s);
  });
  it('hostile sizes throw CRYPTO_ERROR', () => {
    expectCode(() => aesEcbEncryptBlock(new Uint8Array(15), new Uint8Array(16)), 'CRYPTO_ERROR');
    expectCode(() => aesEcbEncryptBlock(new Uint8Array(16), new Uint8Array(8)), 'CRYPTO_ERROR');
    expectCode(() => aesCbcDecrypt(new Uint8Array(16), new Uint8Array(16), new Uint8Array(17)), 'CRYPTO_ERROR');
    expectCode(() => aesCbcEncrypt(new Uint8Array(16), new Uint8Array(8), new Uint8Array(16)), 'CRYPTO_ERROR');
  });
});

describe('AES-CMAC', () => {
  // RFC 4493 §4 test vectors (AES-128).
  const key = h('2B7E151628AED2A6ABF7158809CF4F3C');
  const msg = h(
    '6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E5130C81C46A35CE411E5FBC1191A0A52EFF69F2445DF4F9B17AD2B417BE66C3710',
  );
  const cases: [number, string][] = [
    [0, 'BB1D6929E95937287FA37D129B756746'],
    [16, '070A16B46B4D4144F79BDD9DD04A287C'],
    [40, 'DFA66747DE9AE63030CA32611497C827'],
    [64, '51F0BEBF7E3B9D92FC49741779363CFE'],
  ];
  for (const [len, mac] of cases) {
    it(`RFC 4493 Example (Mlen = ${len})`, () => {
      expect(toHex(aesCmac(key, msg.subarray(0, len)))).toBe(mac);
    });
  }
  it('keyed instance gives the same results repeatedly', () => {
    const a = createAes(key);
    for (const [len, mac] of cases) expect(toHex(a.cmac(msg.subarray(0, len)))).toBe(mac);
    for (const [len, mac] of cases) expect(toHex(a.cmac(msg.subarray(0, len)))).toBe(mac);
  });
  it('9303-11 App. G.1: T_IFD / T_IC = CMAC(KS_MAC, public key data) truncated to 8', () => {
    expect(toHex(aesCmac(h(g1.ksMac), h(g1.tIfdInput)).subarray(0, 8))).toBe(g1.tIfd);
    expect(toHex(aesCmac(h(g1.ksMac), h(g1.tIcInput)).subarray(0, 8))).toBe(g1.tIc);
  });
});

describe('ISO/IEC 9797-1 padding method 2', () => {
  it('pads to the block and always adds a byte', () => {
    expect(toHex(pad(h('0102'), 8))).toBe('0102800000000000');
    expect(toHex(pad(new Uint8Array(0), 8))).toBe('8000000000000000');
    expect(toHex(pad(h('0102030405060708'), 8))).toBe('01020304050607088000000000000000');
    expect(pad(new Uint8Array(16), 16).length).toBe(32);
  });
  it('9303-11 App. D.4: K of step 3 ends with 80 (the printed spec omits it)', () => {
    const s = icaoVectors().sm.steps[2];
    const unpadded = s.sscForResponse + s.responseDo87 + s.do99;
    expect(toHex(pad(h(unpadded), 8))).toBe(s.K);
  });
  it('unpad inverts pad', () => {
    for (let n = 0; n < 20; n++) {
      const d = Uint8Array.from({ length: n }, (_, i) => (i * 37) & 0xff);
      expect(toHex(unpad(pad(d, 16)))).toBe(toHex(d));
    }
  });
  it('unpad rejects bad padding with SM_ERROR', () => {
    expectCode(() => unpad(h('01020300')), 'SM_ERROR');
    expectCode(() => unpad(h('0000')), 'SM_ERROR');
    expectCode(() => unpad(new Uint8Array(0)), 'SM_ERROR');
    expectCode(() => unpad(h('0180007F')), 'SM_ERROR');
  });
});

describe('KDF (9303-11 §9.7.1)', () => {
  it('9303-11 App. D.2: K_Enc and K_Mac from K_seed (3DES)', () => {
    expect(toHex(kdf(h(bac.kseed), KDF_ENC, '3DES'))).toBe(bac.kenc);
    expect(toHex(kdf(h(bac.kseed), KDF_MAC, '3DES'))).toBe(bac.kmac);
  });
  it('9303-11 App. D.3: session keys from K_seed session (3DES)', () => {
    expect(toHex(kdf(h(bac.kseedSession), KDF_ENC, '3DES'))).toBe(bac.ksEnc);
    expect(toHex(kdf(h(bac.kseedSession), KDF_MAC, '3DES'))).toBe(bac.ksMac);
  });
  it('9303-11 App. G.1: K_pi and session keys (AES-128)', () => {
    expect(toHex(kdf(h(g1.K_mrz_sha1), KDF_PI, 'AES-128'))).toBe(g1.K_pi);
    expect(toHex(kdf(h(g1.sharedSecret_K), KDF_ENC, 'AES-128'))).toBe(g1.ksEnc);
    expect(toHex(kdf(h(g1.sharedSecret_K), KDF_MAC, 'AES-128'))).toBe(g1.ksMac);
  });
  it('9303-11 App. H.1: K_pi for CAN "123456"', () => {
    expect(toHex(kdf(asciiBytes('123456'), KDF_PI, 'AES-128'))).toBe(h1.K_pi);
  });
  it('AES-192 / AES-256 lengths and SHA-256 prefix relation', () => {
    const s = h(g1.sharedSecret_K);
    const k256 = kdf(s, KDF_ENC, 'AES-256');
    const k192 = kdf(s, KDF_ENC, 'AES-192');
    expect(k256.length).toBe(32);
    expect(toHex(k192)).toBe(toHex(k256.subarray(0, 24)));
    expect(toHex(k256)).not.toBe(toHex(kdf(s, KDF_MAC, 'AES-256')));
  });
  it('rejects bad counters', () => {
    expectCode(() => kdf(new Uint8Array(4), -1, 'AES-128'), 'INTERNAL');
    expectCode(() => kdf(new Uint8Array(4), 1.5, 'AES-128'), 'INTERNAL');
  });
});
