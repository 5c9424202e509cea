/**
 * LDS1 file identifiers and data-group tags (ICAO 9303-10 §3.6 / §4.6.1, Table 34 & 35).
 * DG n lives in EF 01nn with short EF identifier n; EF.COM is 011E (SFI 1E) and EF.SOD 011D (SFI 1D) inside
 * the LDS1 application. EF.CardAccess (011C, SFI 1C) and EF.CardSecurity (011D, SFI 1D) live in the master
 * file — CardSecurity shares its id with EF.SOD, but in a different DF.
 */

/** LDS1 eMRTD application identifier (9303-10 §3.6.1). */
export const LDS1_AID = Uint8Array.of(0xa0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01);

export interface EfId {
  /** Two-byte file identifier for SELECT by file id. */
  fid: number;
  /** Short EF identifier for READ BINARY with SFI. */
  sfi: number;
}

/** Files in the LDS1 application (9303-10 Table 34). */
export const EF_COM: EfId = { fid: 0x011e, sfi: 0x1e };
export const EF_SOD: EfId = { fid: 0x011d, sfi: 0x1d };

/** Files in the master file (9303-10 §3.11, 9303-11 §9.2). */
export const EF_CARD_ACCESS: EfId = { fid: 0x011c, sfi: 0x1c };
export const EF_CARD_SECURITY: EfId = { fid: 0x011d, sfi: 0x1d };
export const EF_ATR_INFO: EfId = { fid: 0x2f01, sfi: 0x01 };
export const EF_DIR: EfId = { fid: 0x2f00, sfi: 0x1e };

/** Tag of the EF.COM template and EF.SOD wrapper (9303-10 §4.6.1). */
export const COM_TAG = 0x60;
export const SOD_TAG = 0x77;

/** Data-group template tag → data-group number (9303-10 Table 35). */
export const DG_TAG_TO_NUMBER: ReadonlyMap<number, number> = new Map([
  [0x61, 1],
  [0x75, 2],
  [0x63, 3],
  [0x76, 4],
  [0x65, 5],
  [0x66, 6],
  [0x67, 7],
  [0x68, 8],
  [0x69, 9],
  [0x6a, 10],
  [0x6b, 11],
  [0x6c, 12],
  [0x6d, 13],
  [0x6e, 14],
  [0x6f, 15],
  [0x70, 16],
]);

const NUMBER_TO_TAG = new Map<number, number>([...DG_TAG_TO_NUMBER].map(([t, n]) => [n, t]));

function checkDg(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > 16) throw new RangeError(`data group ${n} does not exist (1..16)`);
}

/** Template tag of DG n (DG2 → 0x75). */
export function dgTag(n: number): number {
  checkDg(n);
  return NUMBER_TO_TAG.get(n)!;
}

/** Data-group number of a template tag, or undefined for a tag that is no data group. */
export function dgNumberOfTag(tag: number): number | undefined {
  return DG_TAG_TO_NUMBER.get(tag);
}

/** File id and SFI of DG n (DG13 → 010D / 0D). */
export function dgFile(n: number): EfId {
  checkDg(n);
  return { fid: 0x0100 + n, sfi: n };
}
