/**
 * DG2 — encoded face (ICAO 9303-10 §4.7.2): 75 { 7F61 { 02 count, 7F60 { A1 BHT, 5F2E|7F2E BDB } … } }.
 * The biometric data block holds an ISO/IEC 19794-5 facial record ('FAC\0', version '010\0' = 2005,
 * '030\0' = 2011) or, in newer documents, an ISO/IEC 39794-5 tagged-binary record (best effort: we locate
 * the image inside the TLV tree by its magic number and read its size from the image header).
 * Hostile defaults: instance and face counts are capped; every length is checked against what came off the chip.
 */
import { asciiBytes, bytesToAscii, concat, u16 } from '../bytes.js';
import { ChipIdError, ParseError } from '../errors.js';
import { expectTlv, readTlvs, tlv, type Tlv } from '../tlv.js';
import { detectImageFormat, readImageSize, type ImageFormat, type ImageSize } from '../image/format.js';

const WHERE = 'DG2';
export const DG2_TAG = 0x75;
const TAG_BIT_GROUP = 0x7f61;
const TAG_BIT = 0x7f60;
const TAG_BHT = 0xa1;
const TAG_BDB = 0x5f2e;
const TAG_BDB_CONSTRUCTED = 0x7f2e;

export const MAX_DG2_INSTANCES = 8;
export const MAX_DG2_FACES = 8;
const MAX_FEATURE_POINTS = 1024;
const MAX_TLV_NODES = 512;

export type FaceRecordFormat = '19794-5:2005' | '19794-5:2011' | '39794-5';

/** Biometric header template, ISO/IEC 7816-11 / 9303-10 §4.7.2.1 (tags 80–88). */
export interface BiometricHeader {
  raw: Uint8Array;
  /** 80: ICAO header version. */
  version?: Uint8Array;
  /** 81: biometric type (2 = facial features). */
  biometricType?: number;
  /** 82: biometric subtype. */
  biometricSubtype?: number;
  /** 87: format owner (0x0101 = ISO/IEC JTC 1/SC 37). */
  formatOwner?: number;
  /** 88: format type (0x0008 = ISO/IEC 19794-5 face). */
  formatType?: number;
}

export interface FeaturePoint {
  type: number;
  code: number;
  x: number;
  y: number;
}

export interface Face {
  /** Index of the 7F60 instance this face came from. */
  instance: number;
  recordFormat: FaceRecordFormat;
  /** By magic number (never trusting the declared type); 'unknown' when no magic matched. */
  format: ImageFormat | 'unknown';
  /** As declared in the facial record's image information (0 when the record format has none we read). */
  width: number;
  height: number;
  /** Read from the image's own header; can disagree with the record (the BSI/BDR specimens do). */
  imageSize?: ImageSize;
  image: Uint8Array;
  header: BiometricHeader;
  /** 19794-5 image information: face image type, image data type (0 JPEG, 1 JPEG 2000 …), colour space … */
  faceImageType?: number;
  imageDataType?: number;
  colourSpace?: number;
  sourceType?: number;
  gender?: number;
  eyeColour?: number;
  hairColour?: number;
  expression?: number;
  featurePoints: FeaturePoint[];
}

type FaceBase = Pick<Face, 'instance' | 'header'>;

export interface Dg2 {
  raw: Uint8Array;
  /** Instance count declared in 7F61/02. */
  instanceCount: number;
  faces: Face[];
}

class Cursor {
  o = 0;
  constructor(
    readonly b: Uint8Array,
    readonly where: string,
  ) {}
  need(n: number, what: string): void {
    if (this.o + n > this.b.length) throw new ParseError(this.where, `${what}: length exceeds the block`);
  }
  u8(what: string): number {
    this.need(1, what);
    return this.b[this.o++]!;
  }
  u16(what: string): number {
    this.need(2, what);
    const v = (this.b[this.o]! << 8) | this.b[this.o + 1]!;
    this.o += 2;
    return v;
  }
  u32(what: string): number {
    this.need(4, what);
    const v = ((this.b[this.o]! << 24) >>> 0) + (this.b[this.o + 1]! << 16) + (this.b[this.o + 2]! << 8) + this.b[this.o + 3]!;
    this.o += 4;
    return v;
  }
  bytes(n: number, what: string): Uint8Array {
    this.need(n, what);
    const v = this.b.subarray(this.o, this.o + n);
    this.o += n;
    return v;
  }
}

function uint(v: Uint8Array): number {
  if (v.length === 0 || v.length > 4) return -1;
  let x = 0;
  for (const b of v) x = x * 256 + b;
  return x;
}

function parseBht(t: Tlv, where: string): BiometricHeader {
  const h: BiometricHeader = { raw: t.value };
  for (const e of readTlvs(t.value, `${where}(BHT)`)) {
    if (e.tag === 0x80) h.version = e.value;
    else if (e.tag === 0x81) h.biometricType = uint(e.value);
    else if (e.tag === 0x82) h.biometricSubtype = uint(e.value);
    else if (e.tag === 0x87) h.formatOwner = uint(e.value);
    else if (e.tag === 0x88) h.formatType = uint(e.value);
  }
  return h;
}

function imageFields(image: Uint8Array): Pick<Face, 'format' | 'image' | 'imageSize'> {
  const format = detectImageFormat(image) ?? 'unknown';
  const size = format === 'unknown' ? undefined : readImageSize(image, format);
  return size ? { format, image, imageSize: size } : { format, image };
}

function featurePoints(c: Cursor, n: number): FeaturePoint[] {
  if (n > MAX_FEATURE_POINTS) throw new ChipIdError('LIMIT_EXCEEDED', `${c.where}: ${n} feature points`);
  const out: FeaturePoint[] = [];
  for (let i = 0; i < n; i++) {
    const type = c.u8('feature point');
    const code = c.u8('feature point');
    const x = c.u16('feature point');
    const y = c.u16('feature point');
    c.u16('feature point'); // 2005: reserved; 2011: z coordinate
    out.push({ type, code, x, y });
  }
  return out;
}

/** ISO/IEC 19794-5:2005 §5.4–5.8: 14-byte header, then per face 20 + 8·n + 12 bytes and the image. */
function parse2005(rec: Uint8Array, count: number, base: FaceBase, where: string): Face[] {
  const c = new Cursor(rec, where);
  c.o = 14;
  const faces: Face[] = [];
  for (let i = 0; i < count; i++) {
    const start = c.o;
    const blockLen = c.u32('facial record data block length');
    if (blockLen < 32 || start + blockLen > rec.length) throw new ParseError(where, `face ${i}: block length ${blockLen} exceeds the record`);
    // Everything below is read inside this face's own block: nothing can spill into the next one.
    const f = new Cursor(rec.subarray(start, start + blockLen), `${where}(face ${i})`);
    f.o = 4;
    c.o = start + blockLen;
    const nFp = f.u16('feature point count');
    const gender = f.u8('gender');
    const eyeColour = f.u8('eye colour');
    const hairColour = f.u8('hair colour');
    f.bytes(3, 'feature mask');
    const expression = f.u16('expression');
    f.bytes(6, 'pose angle');
    const fps = featurePoints(f, nFp);
    const faceImageType = f.u8('face image type');
    const imageDataType = f.u8('image data type');
    const width = f.u16('width');
    const height = f.u16('height');
    const colourSpace = f.u8('colour space');
    const sourceType = f.u8('source type');
    f.bytes(4, 'device type, quality');
    const imgLen = f.b.length - f.o;
    if (imgLen <= 0) throw new ParseError(f.where, 'no image data after the headers');
    const image = f.bytes(imgLen, 'image data');
    faces.push({ ...base, recordFormat: '19794-5:2005', width, height, ...imageFields(image), faceImageType, imageDataType, colourSpace, sourceType, gender, eyeColour, hairColour, expression, featurePoints: fps });
  }
  return faces;
}

/** ISO/IEC 19794-5:2011 §5.4–5.7: 17-byte header, then per representation its length-prefixed block. */
function parse2011(rec: Uint8Array, count: number, base: FaceBase, where: string): Face[] {
  const c = new Cursor(rec, where);
  c.o = 17;
  const faces: Face[] = [];
  for (let i = 0; i < count; i++) {
    const start = c.o;
    const repLen = c.u32('representation length');
    if (repLen < 47 || start + repLen > rec.length) throw new ParseError(where, `representation ${i}: length ${repLen} exceeds the record`);
    // Everything below is read inside this representation's own block: nothing can spill into the next one.
    const f = new Cursor(rec.subarray(start, start + repLen), `${where}(representation ${i})`);
    f.o = 4;
    c.o = start + repLen;
    f.bytes(9 + 1 + 2 + 2, 'capture date and device');
    const nQuality = f.u8('quality block count');
    f.bytes(5 * nQuality, 'quality blocks');
    const nLm = f.u16('landmark count');
    const gender = f.u8('gender');
    const eyeColour = f.u8('eye colour');
    const hairColour = f.u8('hair colour');
    f.bytes(1 + 3, 'subject height, properties');
    const expression = f.u16('expression');
    f.bytes(6, 'pose angle');
    const fps = featurePoints(f, nLm);
    const faceImageType = f.u8('face image type');
    const imageDataType = f.u8('image data type');
    const width = f.u16('width');
    const height = f.u16('height');
    f.bytes(1 + 2 + 1, 'sampling rate, processing, cross reference');
    const colourSpace = f.u8('colour space');
    const imgLen = f.b.length - f.o;
    if (imgLen <= 0) throw new ParseError(f.where, 'no image data after the headers');
    const image = f.bytes(imgLen, 'image data');
    faces.push({ ...base, recordFormat: '19794-5:2011', width, height, ...imageFields(image), faceImageType, imageDataType, colourSpace, gender, eyeColour, hairColour, expression, featurePoints: fps });
  }
  return faces;
}

/**
 * ISO/IEC 39794-5 tagged binary encoding (best effort): walks the TLV tree (bounded) and returns every
 * primitive value that starts with an image magic number. Size comes from the image header.
 */
function parse39794(block: Uint8Array, base: FaceBase, where: string): Face[] {
  const found: Uint8Array[] = [];
  let nodes = 0;
  const walk = (buf: Uint8Array, depth: number): void => {
    for (const t of readTlvs(buf, where)) {
      if (++nodes > MAX_TLV_NODES) throw new ChipIdError('LIMIT_EXCEEDED', `${where}: more than ${MAX_TLV_NODES} TLV nodes`);
      if (detectImageFormat(t.value) !== undefined) found.push(t.value);
      else if (t.constructed && depth < 8) walk(t.value, depth + 1);
    }
  };
  walk(block, 0);
  if (found.length === 0) throw new ParseError(where, 'no image found in the ISO/IEC 39794-5 data block');
  return found.map((image) => {
    const f = imageFields(image);
    return { ...base, recordFormat: '39794-5' as const, width: f.imageSize?.width ?? 0, height: f.imageSize?.height ?? 0, ...f, featurePoints: [] };
  });
}

function parseBdb(t: Tlv, header: BiometricHeader, instance: number): Face[] {
  const where = `${WHERE}(instance ${instance})`;
  const v = t.value;
  const base = { instance, header };
  const magic = v.length >= 8 ? bytesToAscii(v.subarray(0, 8)) : '';
  if (t.tag === TAG_BDB && magic.startsWith('FAC\0')) {
    const c = new Cursor(v, where);
    c.o = 8;
    const recLen = c.u32('record length');
    if (recLen > v.length) throw new ParseError(where, `record length ${recLen} exceeds the data block (${v.length})`);
    const rec = v.subarray(0, recLen);
    const count = c.u16('number of faces');
    if (count > MAX_DG2_FACES) throw new ChipIdError('LIMIT_EXCEEDED', `${where}: ${count} faces, at most ${MAX_DG2_FACES}`);
    if (magic === 'FAC\x00010\x00') return parse2005(rec, count, base, where);
    if (magic === 'FAC\x00030\x00') return parse2011(rec, count, base, where);
    throw new ChipIdError('UNSUPPORTED', `${where}: ISO/IEC 19794-5 version ${JSON.stringify(magic.slice(4, 7))}`);
  }
  return parse39794(v, base, where);
}

export function parseDg2(bytes: Uint8Array): Dg2 {
  const outer = expectTlv(bytes, DG2_TAG, WHERE);
  if (outer.end !== bytes.length) throw new ParseError(WHERE, `${bytes.length - outer.end} trailing bytes after the template`);
  const group = expectTlv(outer.value, TAG_BIT_GROUP, WHERE);
  if (group.end !== outer.value.length) throw new ParseError(WHERE, 'trailing bytes after 7F61');
  const children = readTlvs(group.value, `${WHERE}(7F61)`);
  const countTlv = children.find((c) => c.tag === 0x02);
  if (!countTlv) throw new ParseError(`${WHERE}(7F61)`, 'instance count (02) missing');
  const instanceCount = uint(countTlv.value);
  const instances = children.filter((c) => c.tag === TAG_BIT);
  if (instanceCount < 0 || instances.length > MAX_DG2_INSTANCES || instanceCount > MAX_DG2_INSTANCES) {
    throw new ChipIdError('LIMIT_EXCEEDED', `${WHERE}: ${Math.max(instanceCount, instances.length)} biometric instances, at most ${MAX_DG2_INSTANCES}`);
  }
  if (instances.length !== instanceCount) throw new ParseError(`${WHERE}(7F61)`, `declares ${instanceCount} instances, holds ${instances.length}`);
  const faces: Face[] = [];
  instances.forEach((inst, i) => {
    const where = `${WHERE}(instance ${i})`;
    const parts = readTlvs(inst.value, where);
    const bht = parts.find((p) => p.tag === TAG_BHT);
    const bdb = parts.find((p) => p.tag === TAG_BDB || p.tag === TAG_BDB_CONSTRUCTED);
    if (!bht) throw new ParseError(where, 'biometric header template (A1) missing');
    if (!bdb) throw new ParseError(where, 'biometric data block (5F2E/7F2E) missing');
    faces.push(...parseBdb(bdb, parseBht(bht, where), i));
    if (faces.length > MAX_DG2_FACES) throw new ChipIdError('LIMIT_EXCEEDED', `${WHERE}: more than ${MAX_DG2_FACES} faces`);
  });
  return { raw: bytes, instanceCount, faces };
}

const u32be = (n: number): Uint8Array => Uint8Array.of((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);

/**
 * Builds DG2 with one ISO/IEC 19794-5:2005 record holding one full-frontal JPEG (for the virtual card).
 * BHT as in 9303-10 §4.7.2.1: type 02 (face), owner 0101, format type 0008.
 */
export function buildDg2(jpeg: Uint8Array, width: number, height: number): Uint8Array {
  if (detectImageFormat(jpeg) !== 'jpeg') throw new TypeError('buildDg2: not a JPEG (no FFD8FF)');
  for (const [n, v] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 0xffff) throw new RangeError(`buildDg2: ${n} ${v} out of range`);
  }
  const imageInfo = Uint8Array.of(0x01, 0x00, ...u16(width), ...u16(height), 0x01, 0x00, 0, 0, 0, 0);
  const faceHeader = new Uint8Array(20 - 4); // 0 feature points, unspecified gender/eyes/hair/mask/expression/pose
  const blockLen = 4 + faceHeader.length + imageInfo.length + jpeg.length;
  const record = concat(asciiBytes('FAC\x00010\x00'), u32be(14 + blockLen), u16(1), u32be(blockLen), faceHeader, imageInfo, jpeg);
  const bht = tlv(TAG_BHT, tlv(0x81, Uint8Array.of(0x02)), tlv(0x82, Uint8Array.of(0x00)), tlv(0x87, Uint8Array.of(0x01, 0x01)), tlv(0x88, Uint8Array.of(0x00, 0x08)));
  return tlv(DG2_TAG, tlv(TAG_BIT_GROUP, tlv(0x02, Uint8Array.of(1)), tlv(TAG_BIT, bht, tlv(TAG_BDB, record))));
}
