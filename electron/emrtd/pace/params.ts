/**
 * Domain parameters: the standardized sets of 9303-11 §9.5.1 Table 12 (ids 0–18) and the shapes of explicit
 * ECDH / DH parameters (§9.5.2). Values: RFC 5114 §2.1–2.3 (MODP groups with prime-order subgroups),
 * FIPS 186-4 (NIST P-curves) and RFC 5639 (brainpool r1 curves). Cross-checked in the tests against
 * @noble/curves' own constants where it has the curve, and by n·G = O / g^q = 1 for all.
 */

/** Short Weierstrass curve y² = x³ + ax + b over GF(p), base point G of prime order n, cofactor h. */
export interface EcDomain {
  readonly kind: 'ec';
  /** Curve name when the parameters are (or equal) a standardized set, e.g. 'brainpoolP256r1'. */
  readonly name?: string;
  /** 9303-11 Table 12 id when standardized. */
  readonly standardId?: number;
  readonly p: bigint;
  readonly a: bigint;
  readonly b: bigint;
  readonly gx: bigint;
  readonly gy: bigint;
  readonly n: bigint;
  readonly h: bigint;
}

/** MODP group: prime p, generator g of the subgroup of prime order q (q unknown for bare PKCS#3 parameters). */
export interface DhDomain {
  readonly kind: 'dh';
  readonly name?: string;
  readonly standardId?: number;
  readonly p: bigint;
  readonly g: bigint;
  readonly q?: bigint;
}

export type DomainParams = EcDomain | DhDomain;

const ec = (
  standardId: number,
  name: string,
  p: bigint,
  a: bigint,
  b: bigint,
  gx: bigint,
  gy: bigint,
  n: bigint,
): EcDomain => ({ kind: 'ec', name, standardId, p, a, b, gx, gy, n, h: 1n });

/** 9303-11 §9.5.1 Table 12. Ids 3–7 and 19–31 are reserved. */
export const STANDARD_DOMAINS: ReadonlyMap<number, DomainParams> = new Map<number, DomainParams>([
  [
    0,
    {
      kind: 'dh',
      name: 'MODP-1024-160',
      standardId: 0,
      p: 0xb10b8f96a080e01dde92de5eae5d54ec52c99fbcfb06a3c69a6a9dca52d23b616073e28675a23d189838ef1e2ee652c013ecb4aea906112324975c3cd49b83bfaccbdd7d90c4bd7098488e9c219a73724effd6fae5644738faa31a4ff55bccc0a151af5f0dc8b4bd45bf37df365c1a65e68cfda76d4da708df1fb2bc2e4a4371n,
      g: 0xa4d1cbd5c3fd34126765a442efb99905f8104dd258ac507fd6406cff14266d31266fea1e5c41564b777e690f5504f213160217b4b01b886a5e91547f9e2749f4d7fbd7d3b9a92ee1909d0d2263f80a76a6a24c087a091f531dbf0a0169b6a28ad662a4d18e73afa32d779d5918d08bc8858f4dcef97c2a24855e6eeb22b3b2e5n,
      q: 0xf518aa8781a8df278aba4e7d64b7cb9d49462353n,
    },
  ],
  [
    1,
    {
      kind: 'dh',
      name: 'MODP-2048-224',
      standardId: 1,
      p: 0xad107e1e9123a9d0d660faa79559c51fa20d64e5683b9fd1b54b1597b61d0a75e6fa141df95a56dbaf9a3c407ba1df15eb3d688a309c180e1de6b85a1274a0a66d3f8152ad6ac2129037c9edefda4df8d91e8fef55b7394b7ad5b7d0b6c12207c9f98d11ed34dbf6c6ba0b2c8bbc27be6a00e0a0b9c49708b3bf8a317091883681286130bc8985db1602e714415d9330278273c7de31efdc7310f7121fd5a07415987d9adc0a486dcdf93acc44328387315d75e198c641a480cd86a1b9e587e8be60e69cc928b2b9c52172e413042e9b23f10b0e16e79763c9b53dcf4ba80a29e3fb73c16b8e75b97ef363e2ffa31f71cf9de5384e71b81c0ac4dffe0c10e64fn,
      g: 0xac4032ef4f2d9ae39df30b5c8ffdac506cdebe7b89998caf74866a08cfe4ffe3a6824a4e10b9a6f0dd921f01a70c4afaab739d7700c29f52c57db17c620a8652be5e9001a8d66ad7c17669101999024af4d027275ac1348bb8a762d0521bc98ae247150422ea1ed409939d54da7460cdb5f6c6b250717cbef180eb34118e98d119529a45d6f834566e3025e316a330efbb77a86f0c1ab15b051ae3d428c8f8acb70a8137150b8eeb10e183edd19963ddd9e263e4770589ef6aa21e7f5f2ff381b539cce3409d13cd566afbb48d6c019181e1bcfe94b30269edfe72fe9b6aa4bd7b5a0f1c71cfff4c19c418e1f6ec017981bc087f2a7065b384b890d3191f2bfan,
      q: 0x801c0d34c58d93fe997177101f80535a4738cebcbf389a99b36371ebn,
    },
  ],
  [
    2,
    {
      kind: 'dh',
      name: 'MODP-2048-256',
      standardId: 2,
      p: 0x87a8e61db4b6663cffbbd19c651959998ceef608660dd0f25d2ceed4435e3b00e00df8f1d61957d4faf7df4561b2aa3016c3d91134096faa3bf4296d830e9a7c209e0c6497517abd5a8a9d306bcf67ed91f9e6725b4758c022e0b1ef4275bf7b6c5bfc11d45f9088b941f54eb1e59bb8bc39a0bf12307f5c4fdb70c581b23f76b63acae1caa6b7902d52526735488a0ef13c6d9a51bfa4ab3ad8347796524d8ef6a167b5a41825d967e144e5140564251ccacb83e6b486f6b3ca3f7971506026c0b857f689962856ded4010abd0be621c3a3960a54e710c375f26375d7014103a4b54330c198af126116d2276e11715f693877fad7ef09cadb094ae91e1a1597n,
      g: 0x3fb32c9b73134d0b2e77506660edbd484ca7b18f21ef205407f4793a1a0ba12510dbc15077be463fff4fed4aac0bb555be3a6c1b0c6b47b1bc3773bf7e8c6f62901228f8c28cbb18a55ae31341000a650196f931c77a57f2ddf463e5e9ec144b777de62aaab8a8628ac376d282d6ed3864e67982428ebc831d14348f6f2f9193b5045af2767164e1dfc967c1fb3f2e55a4bd1bffe83b9c80d052b985d182ea0adb2a3b7313d3fe14c8484b1e052588b9b7d2bbd2df016199ecd06e1557cd0915b3353bbb64e0ec377fd028370df92b52c7891428cdc67eb6184b523d1db246c32f63078490f00ef8d647d148d47954515e2327cfef98c582664b4c0f6cc41659n,
      q: 0x8cf83642a709a097b447997640129da299b1a47d1eb3750ba308b0fe64f5fbd3n,
    },
  ],
  [8, ec(8, 'P-192', 0xfffffffffffffffffffffffffffffffeffffffffffffffffn, 0xfffffffffffffffffffffffffffffffefffffffffffffffcn, 0x64210519e59c80e70fa7e9ab72243049feb8deecc146b9b1n, 0x188da80eb03090f67cbf20eb43a18800f4ff0afd82ff1012n, 0x07192b95ffc8da78631011ed6b24cdd573f977a11e794811n, 0xffffffffffffffffffffffff99def836146bc9b1b4d22831n)],
  [9, ec(9, 'brainpoolP192r1', 0xc302f41d932a36cda7a3463093d18db78fce476de1a86297n, 0x6a91174076b1e0e19c39c031fe8685c1cae040e5c69a28efn, 0x469a28ef7c28cca3dc721d044f4496bcca7ef4146fbf25c9n, 0xc0a0647eaab6a48753b033c56cb0f0900a2f5c4853375fd6n, 0x14b690866abd5bb88b5f4828c1490002e6773fa2fa299b8fn, 0xc302f41d932a36cda7a3462f9e9e916b5be8f1029ac4acc1n)],
  [10, ec(10, 'P-224', 0xffffffffffffffffffffffffffffffff000000000000000000000001n, 0xfffffffffffffffffffffffffffffffefffffffffffffffffffffffen, 0xb4050a850c04b3abf54132565044b0b7d7bfd8ba270b39432355ffb4n, 0xb70e0cbd6bb4bf7f321390b94a03c1d356c21122343280d6115c1d21n, 0xbd376388b5f723fb4c22dfe6cd4375a05a07476444d5819985007e34n, 0xffffffffffffffffffffffffffff16a2e0b8f03e13dd29455c5c2a3dn)],
  [11, ec(11, 'brainpoolP224r1', 0xd7c134aa264366862a18302575d1d787b09f075797da89f57ec8c0ffn, 0x68a5e62ca9ce6c1c299803a6c1530b514e182ad8b0042a59cad29f43n, 0x2580f63ccfe44138870713b1a92369e33e2135d266dbb372386c400bn, 0x0d9029ad2c7e5cf4340823b2a87dc68c9e4ce3174c1e6efdee12c07dn, 0x58aa56f772c0726f24c6b89e4ecdac24354b9e99caa3f6d3761402cdn, 0xd7c134aa264366862a18302575d0fb98d116bc4b6ddebca3a5a7939fn)],
  [12, ec(12, 'P-256', 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn, 0xffffffff00000001000000000000000000000000fffffffffffffffffffffffcn, 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn, 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n, 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n, 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n)],
  [13, ec(13, 'brainpoolP256r1', 0xa9fb57dba1eea9bc3e660a909d838d726e3bf623d52620282013481d1f6e5377n, 0x7d5a0975fc2c3057eef67530417affe7fb8055c126dc5c6ce94a4b44f330b5d9n, 0x26dc5c6ce94a4b44f330b5d9bbd77cbf958416295cf7e1ce6bccdc18ff8c07b6n, 0x8bd2aeb9cb7e57cb2c4b482ffc81b7afb9de27e1e3bd23c23a4453bd9ace3262n, 0x547ef835c3dac4fd97f8461a14611dc9c27745132ded8e545c1d54c72f046997n, 0xa9fb57dba1eea9bc3e660a909d838d718c397aa3b561a6f7901e0e82974856a7n)],
  [14, ec(14, 'brainpoolP320r1', 0xd35e472036bc4fb7e13c785ed201e065f98fcfa6f6f40def4f92b9ec7893ec28fcd412b1f1b32e27n, 0x3ee30b568fbab0f883ccebd46d3f3bb8a2a73513f5eb79da66190eb085ffa9f492f375a97d860eb4n, 0x520883949dfdbc42d3ad198640688a6fe13f41349554b49acc31dccd884539816f5eb4ac8fb1f1a6n, 0x43bd7e9afb53d8b85289bcc48ee5bfe6f20137d10a087eb6e7871e2a10a599c710af8d0d39e20611n, 0x14fdd05545ec1cc8ab4093247f77275e0743ffed117182eaa9c77877aaac6ac7d35245d1692e8ee1n, 0xd35e472036bc4fb7e13c785ed201e065f98fcfa5b68f12a32d482ec7ee8658e98691555b44c59311n)],
  [15, ec(15, 'P-384', 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn, 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000fffffffcn, 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn, 0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7n, 0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5fn, 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n)],
  [16, ec(16, 'brainpoolP384r1', 0x8cb91e82a3386d280f5d6f7e50e641df152f7109ed5456b412b1da197fb71123acd3a729901d1a71874700133107ec53n, 0x7bc382c63d8c150c3c72080ace05afa0c2bea28e4fb22787139165efba91f90f8aa5814a503ad4eb04a8c7dd22ce2826n, 0x04a8c7dd22ce28268b39b55416f0447c2fb77de107dcd2a62e880ea53eeb62d57cb4390295dbc9943ab78696fa504c11n, 0x1d1c64f068cf45ffa2a63a81b7c13f6b8847a3e77ef14fe3db7fcafe0cbd10e8e826e03436d646aaef87b2e247d4af1en, 0x8abe1d7520f9c2a45cb1eb8e95cfd55262b70b29feec5864e19c054ff99129280e4646217791811142820341263c5315n, 0x8cb91e82a3386d280f5d6f7e50e641df152f7109ed5456b31f166e6cac0425a7cf3ab6af6b7fc3103b883202e9046565n)],
  [17, ec(17, 'brainpoolP512r1', 0xaadd9db8dbe9c48b3fd4e6ae33c9fc07cb308db3b3c9d20ed6639cca703308717d4d9b009bc66842aecda12ae6a380e62881ff2f2d82c68528aa6056583a48f3n, 0x7830a3318b603b89e2327145ac234cc594cbdd8d3df91610a83441caea9863bc2ded5d5aa8253aa10a2ef1c98b9ac8b57f1117a72bf2c7b9e7c1ac4d77fc94can, 0x3df91610a83441caea9863bc2ded5d5aa8253aa10a2ef1c98b9ac8b57f1117a72bf2c7b9e7c1ac4d77fc94cadc083e67984050b75ebae5dd2809bd638016f723n, 0x81aee4bdd82ed9645a21322e9c4c6a9385ed9f70b5d916c1b43b62eef4d0098eff3b1f78e2d0d48d50d1687b93b97d5f7c6d5047406a5e688b352209bcb9f822n, 0x7dde385d566332ecc0eabfa9cf7822fdf209f70024a57b1aa000c55b881f8111b2dcde494a5f485e5bca4bd88a2763aed1ca2b2fa8f0540678cd1e0f3ad80892n, 0xaadd9db8dbe9c48b3fd4e6ae33c9fc07cb308db3b3c9d20ed6639cca70330870553e5c414ca92619418661197fac10471db1d381085ddaddb58796829ca90069n)],
  [18, ec(18, 'P-521', 0x01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffn, 0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffcn, 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n, 0x00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66n, 0x011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650n, 0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n)],
]);

/** Named-curve OIDs (RFC 5480 / RFC 5639) → standardized id, for SubjectPublicKeyInfo with namedCurve. */
export const NAMED_CURVE_OIDS: ReadonlyMap<string, number> = new Map([
  ['1.2.840.10045.3.1.1', 8],
  ['1.3.36.3.3.2.8.1.1.3', 9],
  ['1.3.132.0.33', 10],
  ['1.3.36.3.3.2.8.1.1.5', 11],
  ['1.2.840.10045.3.1.7', 12],
  ['1.3.36.3.3.2.8.1.1.7', 13],
  ['1.3.36.3.3.2.8.1.1.9', 14],
  ['1.3.132.0.34', 15],
  ['1.3.36.3.3.2.8.1.1.11', 16],
  ['1.3.36.3.3.2.8.1.1.13', 17],
  ['1.3.132.0.35', 18],
]);

export function namedCurveOid(standardId: number): string | undefined {
  for (const [oid, id] of NAMED_CURVE_OIDS) if (id === standardId) return oid;
  return undefined;
}

/** The standardized set with this id, or undefined (reserved / unknown ids). */
export function standardDomain(id: number): DomainParams | undefined {
  return STANDARD_DOMAINS.get(id);
}

/**
 * If explicit parameters equal a standardized set, returns that set (named, with its id); otherwise the input.
 * Lets explicit brainpool parameters (common in DG14 and CSCA keys) use the named curve's cached tables.
 */
export function canonicalDomain(d: DomainParams): DomainParams {
  for (const s of STANDARD_DOMAINS.values()) {
    if (s.kind === 'ec' && d.kind === 'ec') {
      if (s.p === d.p && s.a === d.a && s.b === d.b && s.gx === d.gx && s.gy === d.gy && s.n === d.n && d.h === 1n) return s;
    } else if (s.kind === 'dh' && d.kind === 'dh') {
      if (s.p === d.p && s.g === d.g && (d.q === undefined || d.q === s.q)) return s;
    }
  }
  return d;
}

/** Byte length of a field element / integer modulo x. */
export function byteLength(x: bigint): number {
  return Math.ceil(x.toString(16).length / 2);
}

export function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

export function domainName(d: DomainParams): string {
  if (d.name) return d.name;
  return d.kind === 'ec' ? `explicit-EC-${bitLength(d.p)}` : `explicit-DH-${bitLength(d.p)}`;
}
