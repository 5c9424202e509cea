/**
 * Inputs for the fuzz properties: purely random bytes, and structure-aware mutations of real inputs.
 * A mutation knows the BER-TLV layout of its seed (found by a lenient walk that never throws), so it can
 * rewrite a length (larger than the data, indefinite, five length bytes), change a tag, drop or duplicate
 * a whole element or swap one element's value for another's — the kinds of damage that reach deep code,
 * where flipping random bits only ever meets the outermost length check.
 */
import fc from 'fast-check';

interface Node {
  start: number;
  /** Offset of the first length byte, and how many there are. */
  lenAt: number;
  lenBytes: number;
  valueStart: number;
  end: number;
  indefinite?: boolean;
}

/** Every TLV header a lenient BER walk finds (depth-first), without ever throwing. */
export function tlvNodes(buf: Uint8Array, maxNodes = 4096): Node[] {
  const out: Node[] = [];
  const walk = (from: number, to: number, depth: number): void => {
    let o = from;
    while (o < to && out.length < maxNodes && depth < 40) {
      const start = o;
      let tagByte = buf[o++]!;
      if ((tagByte & 0x1f) === 0x1f) {
        for (let n = 0; o < to && n < 4; n++) if ((buf[o++]! & 0x80) === 0) break;
      }
      if (o >= to) return;
      const lenAt = o;
      const first = buf[o++]!;
      let len: number;
      if (first < 0x80) len = first;
      else if (first === 0x80) {
        // indefinite: walk the children until end-of-contents; the node ends where the walk stopped
        out.push({ start, lenAt, lenBytes: 1, valueStart: o, end: to, indefinite: true });
        if (tagByte & 0x20) walk(o, to, depth + 1);
        return;
      } else {
        const n = first & 0x7f;
        if (n > 4 || o + n > to) return;
        len = 0;
        for (let i = 0; i < n; i++) len = len * 256 + buf[o++]!;
      }
      const end = o + len;
      if (end > to) return;
      out.push({ start, lenAt, lenBytes: o - lenAt, valueStart: o, end });
      tagByte &= 0xff;
      if (tagByte & 0x20) walk(o, end, depth + 1);
      o = end;
    }
  };
  walk(0, buf.length, 0);
  return out;
}

export type Mutation =
  | { k: 'flip'; pos: number; bit: number }
  | { k: 'set'; pos: number; value: number }
  | { k: 'digit'; pos: number; value: number }
  | { k: 'insert'; pos: number; bytes: Uint8Array }
  | { k: 'delete'; pos: number; count: number }
  | { k: 'truncate'; pos: number }
  | { k: 'length'; node: number; len: number; form: 'short' | 'long' | 'indefinite' | 'huge' }
  | { k: 'lengthDelta'; node: number; delta: number }
  | { k: 'tag'; node: number; value: number }
  | { k: 'fill'; node: number; byte: number; len: number; fix: boolean }
  | { k: 'value'; node: number; bytes: Uint8Array; fix: boolean }
  | { k: 'dropNode'; node: number; fix: boolean }
  | { k: 'dupNode'; node: number; times: number; fix: boolean }
  | { k: 'swapValue'; node: number; other: number; fix: boolean };

const INTERESTING_LENGTHS = [0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0xffffff, 0x7fffffff, 0x80000000, 0xffffffff];
const INTERESTING_BYTES = [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0c, 0x13, 0x17, 0x18, 0x1f, 0x30, 0x31, 0x7f, 0x80, 0x81, 0x82, 0x84, 0x85, 0xa0, 0xa1, 0xa3, 0xff];

const FIX = fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ k: fc.constant('flip' as const), pos: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ k: fc.constant('set' as const), pos: fc.nat(), value: fc.oneof(fc.constantFrom(...INTERESTING_BYTES), fc.integer({ min: 0, max: 255 })) }),
  // an ASCII digit: dates, times, MRZ fields and numbers in text stay well-formed but change meaning
  fc.record({ k: fc.constant('digit' as const), pos: fc.nat(), value: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ k: fc.constant('insert' as const), pos: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 12 }) }),
  fc.record({ k: fc.constant('delete' as const), pos: fc.nat(), count: fc.integer({ min: 1, max: 32 }) }),
  fc.record({ k: fc.constant('truncate' as const), pos: fc.nat() }),
  fc.record({
    k: fc.constant('length' as const),
    node: fc.nat(),
    len: fc.constantFrom(...INTERESTING_LENGTHS),
    form: fc.constantFrom('short' as const, 'long' as const, 'indefinite' as const, 'huge' as const),
  }),
  fc.record({ k: fc.constant('lengthDelta' as const), node: fc.nat(), delta: fc.integer({ min: -3, max: 3 }) }),
  fc.record({ k: fc.constant('tag' as const), node: fc.nat(), value: fc.oneof(fc.constantFrom(...INTERESTING_BYTES), fc.integer({ min: 0, max: 255 })) }),
  // a long run of one byte as some element's value: unbounded loops, quadratic work, huge numbers
  // (`fix`: the enclosing elements' lengths are corrected, so the change reaches the code behind them)
  fc.record({ k: fc.constant('fill' as const), node: fc.nat(), byte: fc.constantFrom(0x00, 0x30, 0x39, 0x7f, 0x80, 0xff), len: fc.constantFrom(64, 1024, 20_000, 200_000), fix: FIX }),
  fc.record({ k: fc.constant('value' as const), node: fc.nat(), bytes: fc.uint8Array({ maxLength: 40 }), fix: FIX }),
  fc.record({ k: fc.constant('dropNode' as const), node: fc.nat(), fix: FIX }),
  fc.record({ k: fc.constant('dupNode' as const), node: fc.nat(), times: fc.integer({ min: 1, max: 3 }), fix: FIX }),
  fc.record({ k: fc.constant('swapValue' as const), node: fc.nat(), other: fc.nat(), fix: FIX }),
);

const cat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

function encodeLen(len: number, form: 'short' | 'long' | 'indefinite' | 'huge'): Uint8Array {
  if (form === 'indefinite') return Uint8Array.of(0x80);
  if (form === 'huge') return Uint8Array.of(0x85, 0x01, (len >>> 24) & 0xff, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff);
  if (form === 'short' && len < 0x80) return Uint8Array.of(len);
  return Uint8Array.of(0x84, (len >>> 24) & 0xff, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff);
}

const minimalLen = (len: number): Uint8Array => encodeLen(len, len < 0x80 ? 'short' : 'long');

/** Replaces node `t` (header and value) by `replacement`; with `fix`, every enclosing definite length is corrected. */
function replaceNode(b: Uint8Array, nodes: Node[], t: Node, replacement: Uint8Array, fix: boolean): Uint8Array {
  let out = cat(b.subarray(0, t.start), replacement, b.subarray(t.end));
  if (!fix) return out;
  let delta = replacement.length - (t.end - t.start);
  // innermost first: each rewrite happens after the headers of the elements still to fix
  const ancestors = nodes.filter((a) => a !== t && !a.indefinite && a.valueStart <= t.start && t.end <= a.end).sort((x, y) => y.start - x.start);
  for (const a of ancestors) {
    const header = minimalLen(a.end - a.valueStart + delta);
    out = cat(out.subarray(0, a.lenAt), header, out.subarray(a.valueStart));
    delta += header.length - a.lenBytes;
  }
  return out;
}

const withValue = (b: Uint8Array, t: Node, value: Uint8Array): Uint8Array => cat(b.subarray(t.start, t.lenAt), minimalLen(value.length), value);

/** Applies one mutation; positions and node numbers wrap around the input, so any value is meaningful. */
export function applyMutation(b: Uint8Array, m: Mutation): Uint8Array {
  const n = b.length;
  switch (m.k) {
    case 'flip':
    case 'set':
    case 'digit': {
      if (n === 0) return b;
      const out = b.slice();
      let p = m.pos % n;
      if (m.k === 'digit') {
        // rewrite one of the digits already there (times, dates, numbers in text), or any byte if none
        const digits: number[] = [];
        for (let i = 0; i < n; i++) if (b[i]! >= 0x30 && b[i]! <= 0x39) digits.push(i);
        if (digits.length) p = digits[m.pos % digits.length]!;
      }
      out[p] = m.k === 'flip' ? out[p]! ^ (1 << m.bit) : m.k === 'digit' ? 0x30 + m.value : m.value;
      return out;
    }
    case 'insert': {
      const p = m.pos % (n + 1);
      return cat(b.subarray(0, p), m.bytes, b.subarray(p));
    }
    case 'delete': {
      if (n === 0) return b;
      const p = m.pos % n;
      return cat(b.subarray(0, p), b.subarray(Math.min(n, p + m.count)));
    }
    case 'truncate':
      return b.subarray(0, n === 0 ? 0 : m.pos % n);
    default:
      break;
  }
  const nodes = tlvNodes(b);
  if (nodes.length === 0) return b;
  const t = nodes[m.node % nodes.length]!;
  switch (m.k) {
    case 'length':
      return cat(b.subarray(0, t.lenAt), encodeLen(m.len, m.form), b.subarray(t.valueStart));
    case 'lengthDelta': {
      const len = Math.max(0, t.end - t.valueStart + m.delta);
      return cat(b.subarray(0, t.lenAt), encodeLen(len, t.lenBytes === 1 && len < 0x80 ? 'short' : 'long'), b.subarray(t.valueStart));
    }
    case 'tag': {
      const out = b.slice();
      out[t.start] = m.value;
      return out;
    }
    case 'fill':
      return replaceNode(b, nodes, t, withValue(b, t, new Uint8Array(m.len).fill(m.byte)), m.fix);
    case 'value':
      return replaceNode(b, nodes, t, withValue(b, t, m.bytes), m.fix);
    case 'dropNode':
      return replaceNode(b, nodes, t, new Uint8Array(0), m.fix);
    case 'dupNode': {
      const el = b.subarray(t.start, t.end);
      return replaceNode(b, nodes, t, cat(...Array.from({ length: m.times + 1 }, () => el)), m.fix);
    }
    case 'swapValue': {
      const o = nodes[m.other % nodes.length]!;
      return replaceNode(b, nodes, t, withValue(b, t, b.slice(o.valueStart, o.end)), m.fix);
    }
  }
}

export function applyMutations(seed: Uint8Array, ms: readonly Mutation[]): Uint8Array {
  let b = seed;
  for (const m of ms) b = applyMutation(b, m);
  return b;
}

/** Random bytes, mostly short, sometimes shaped like a TLV header with a hostile length. */
export const randomBytesArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 3, arbitrary: fc.uint8Array({ maxLength: 64 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 600 }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(0x30, 0x31, 0x04, 0x02, 0x06, 0x03, 0x60, 0x61, 0x75, 0x77, 0x6d, 0x6e, 0x6f, 0x7f, 0xa0), fc.constantFrom(...INTERESTING_LENGTHS), fc.uint8Array({ maxLength: 48 }))
      .map(([tag, len, rest]) => cat(Uint8Array.of(tag), encodeLen(len, 'long'), rest)),
  },
);

/** Mutations (1–5) of one of `seeds`; with `wrap`, the result is re-embedded in an outer structure. */
export function mutatedArb(seeds: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  if (seeds.length === 0) throw new Error('mutatedArb: no seeds');
  return fc
    .tuple(fc.nat({ max: seeds.length - 1 }), fc.array(mutationArb, { minLength: 1, maxLength: 5 }))
    .map(([i, ms]) => applyMutations(seeds[i]!, ms));
}

/** The usual mix for a byte parser: random bytes, the seeds untouched, and (mostly) mutated seeds. */
export function bytesInputArb(seeds: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  if (seeds.length === 0) return randomBytesArb;
  return fc.oneof(
    { weight: 2, arbitrary: randomBytesArb },
    { weight: 1, arbitrary: fc.constantFrom(...seeds) },
    { weight: 12, arbitrary: mutatedArb(seeds) },
  );
}

const enc = new TextEncoder();

/** Text inputs (LDIF, API messages, MRZ, QR) as UTF-8 bytes: random strings and edited seeds. */
export function textInputArb(seeds: readonly string[], extra: fc.Arbitrary<string>[] = []): fc.Arbitrary<Uint8Array> {
  const edit = fc
    .tuple(
      fc.constantFrom(...seeds),
      fc.array(fc.record({ pos: fc.nat(), del: fc.integer({ min: 0, max: 8 }), ins: fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('\n', '\r\n', ' ', '::', ':', '=', '"', '{', '}', '[', ']', '\\u0000', '|', '<', '\uFFFF', '\uD800')) }), {
        minLength: 1,
        maxLength: 4,
      }),
    )
    .map(([s, eds]) => {
      let t = s;
      for (const e of eds) {
        const p = e.pos % (t.length + 1);
        t = t.slice(0, p) + e.ins + t.slice(p + e.del);
      }
      return t;
    });
  return fc.oneof({ weight: 2, arbitrary: fc.string({ maxLength: 80, unit: 'binary' }) }, { weight: 1, arbitrary: fc.constantFrom(...seeds) }, { weight: 8, arbitrary: edit }, ...extra.map((a) => ({ weight: 3, arbitrary: a }))).map((s) => enc.encode(s));
}
