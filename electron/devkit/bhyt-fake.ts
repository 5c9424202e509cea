/**
 * A local fake of the insurance (BHYT) gateway, for tests, demo mode and a person trying the kiosk without the
 * hospital's training gateway. It implements the contract as COUNTERS.md ("Gateway contract") states it and as
 * docs/bhyt-gateway.md writes down our assumptions: login with the MD5 of the password for a token, then the card
 * check with the token, username and MD5 in the query string. Synthetic people only (DEMO_CARDS).
 *
 * Choices where the public material says nothing (marked ASSUMED in docs/bhyt-gateway.md):
 * - a refused login answers HTTP 200 with `{ maKetQua: "401", ghiChu }` (no APIKey);
 * - an unknown or expired token answers the check with HTTP 200 and `maKetQua: "401"`;
 * - expires_in is seconds, as a number;
 * - a check without the staff name and CCCD (hoTenCb / cccdCb) is a wrong parameter format, '205'.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FakeCard {
  /** CCCD number or the 15-character card code: the check finds the card by either. */
  maThe: string;
  hoTen: string;
  /** dd/mm/yyyy */
  ngaySinh: string;
  /** The maKetQua to answer when name and date of birth match. */
  code: string;
  ghiChu?: string;
  /** The 15-character BHYT card code the answer's maThe carries (default: maThe). */
  cardCode?: string;
  gtTheTu?: string;
  gtTheDen?: string;
  maDKBD?: string;
  /** ngayVao / ngayRa as yyyyMMddHHmm. */
  history?: { maCSKCB: string; ngayVao: string; ngayRa: string; tenBenh: string }[];
  /** For 003/004: the new card's code (its validity is gtTheTu/gtTheDen shifted by a year, see answerFor). */
  maTheMoi?: string;
}

export type FakeMode = 'ok' | 'slow' | 'fail500' | 'down' | 'garbage' | 'expireTokens';

export interface FakeGatewayOptions {
  username: string;
  /** Plain: the fake compares the MD5 the client must send. */
  password: string;
  tokenTtlSeconds?: number;
  cards?: FakeCard[];
  port?: number;
  host?: string;
  tokenPath?: string;
  checkPath?: string;
}

export interface FakeStats {
  logins: number;
  checks: number;
  /** The staff name and CCCD of the last check. */
  lastCheck?: { hoTenCb: string; cccdCb: string };
  /** The password field of the last login as it arrived (so a test can see the MD5 was sent, not the plain one). */
  lastLoginPassword?: string;
}

export interface FakeGateway {
  url: string;
  close(): Promise<void>;
  /** 'ok' | 'slow' (answers after delayMs) | 'fail500' | 'down' (destroys sockets) | 'garbage' (non-JSON) | 'expireTokens' (next call answers 401 once) */
  setMode(mode: FakeMode, delayMs?: number): void;
  addCard(c: FakeCard): void;
  readonly stats: FakeStats;
}

const md5 = (s: string): string => createHash('md5').update(s, 'utf8').digest('hex');
/** Names compare as the gateway is described to: letters and spaces, case and spacing ignored. */
const normName = (s: string): string => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleUpperCase('vi');
const MAX_BODY = 64 * 1024;

/** The answer to a check whose card, name and date of birth all matched. */
function answerFor(card: FakeCard): Record<string, unknown> {
  const a: Record<string, unknown> = {
    maKetQua: card.code,
    ghiChu: card.ghiChu ?? `Kết quả giả lập: mã ${card.code}`,
    maThe: card.cardCode ?? card.maThe,
    hoTen: card.hoTen,
    ngaySinh: card.ngaySinh,
    gtTheTu: card.gtTheTu ?? null,
    gtTheDen: card.gtTheDen ?? null,
    maDKBD: card.maDKBD ?? null,
    maTheMoi: card.maTheMoi ?? null,
    dsLichSuKCB2018: card.history ?? [],
    dsLichSuKT2018: [],
  };
  if (card.maTheMoi) {
    // The new card runs one year on from the old one: enough for a test to tell which validity was used.
    const shift = (d: string | undefined) => (d ? d.replace(/(\d{4})$/, (y) => String(Number(y) + 1)) : null);
    a.gtTheTuMoi = shift(card.gtTheTu);
    a.gtTheDenMoi = shift(card.gtTheDen);
    a.maDKBDMoi = card.maDKBD ?? null;
  }
  return a;
}

export async function startFakeGateway(o: FakeGatewayOptions): Promise<FakeGateway> {
  const tokenPath = o.tokenPath ?? '/api/token/take';
  const checkPath = o.checkPath ?? '/api/egw/KQNhanLichSuKCB2024';
  const ttlMs = (o.tokenTtlSeconds ?? 3600) * 1000;
  const cards: FakeCard[] = [...(o.cards ?? [])];
  /** access_token → { id_token, expiry (ms) } */
  const tokens = new Map<string, { idToken: string; expiresAt: number }>();
  const stats: FakeStats = { logins: 0, checks: 0 };
  let mode: FakeMode = 'ok';
  let delayMs = 0;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const send = (res: ServerResponse, status: number, body: unknown): void => {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };

  const login = (body: Record<string, unknown>): unknown => {
    stats.logins++;
    stats.lastLoginPassword = typeof body.password === 'string' ? body.password : undefined;
    if (body.username !== o.username || body.password !== md5(o.password)) {
      return { maKetQua: '401', ghiChu: 'Tên đăng nhập hoặc mật khẩu không đúng' };
    }
    const access = randomBytes(24).toString('base64url');
    const idToken = randomBytes(24).toString('base64url');
    tokens.set(access, { idToken, expiresAt: Date.now() + ttlMs });
    return { maKetQua: '200', APIKey: { access_token: access, id_token: idToken, token_type: 'bearer', username: o.username, expires_in: ttlMs / 1000 } };
  };

  const check = (url: URL, body: Record<string, unknown>): unknown => {
    stats.checks++;
    const q = url.searchParams;
    const t = tokens.get(q.get('token') ?? '');
    if (!t || t.idToken !== q.get('id_token') || Date.now() >= t.expiresAt || q.get('username') !== o.username || q.get('password') !== md5(o.password)) {
      return { maKetQua: '401', ghiChu: 'Phiên đăng nhập không hợp lệ hoặc đã hết hạn' };
    }
    const s = (k: string): string | undefined => (typeof body[k] === 'string' ? (body[k] as string) : undefined);
    const [maThe, hoTen, ngaySinh, hoTenCb, cccdCb] = ['maThe', 'hoTen', 'ngaySinh', 'hoTenCb', 'cccdCb'].map(s);
    if (hoTenCb !== undefined && cccdCb !== undefined) stats.lastCheck = { hoTenCb, cccdCb };
    if (!maThe || !hoTen || !ngaySinh || !/^(\d{2}\/\d{2}\/)?\d{4}$/.test(ngaySinh) || !hoTenCb || !cccdCb) {
      return { maKetQua: '205', ghiChu: 'Sai định dạng tham số' };
    }
    const card = cards.find((c) => c.maThe === maThe || c.cardCode === maThe || c.maTheMoi === maThe);
    if (!card) return { maKetQua: '050', ghiChu: 'Không có thông tin thẻ' };
    if (normName(card.hoTen) !== normName(hoTen)) return { maKetQua: '060', ghiChu: 'Họ tên không đúng' };
    // Only the year is known: the year is what is compared.
    const dob = ngaySinh.length === 4 ? card.ngaySinh.slice(-4) : card.ngaySinh;
    if (dob !== ngaySinh) return { maKetQua: '070', ghiChu: 'Ngày sinh không đúng' };
    return answerFor(card);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string): void => {
    if (mode === 'down') {
      req.socket.destroy();
      return;
    }
    if (mode === 'fail500') {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
      return;
    }
    if (mode === 'garbage') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Service Unavailable{</body>');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://fake');
    if (mode === 'expireTokens' && url.pathname === checkPath) {
      tokens.clear(); // every token the fake gave is now unknown: this call answers 401, the next login works
      mode = 'ok';
    }
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Record<string, unknown>;
    } catch {
      send(res, 400, { maKetQua: '205', ghiChu: 'Nội dung không phải JSON' });
      return;
    }
    if (req.method !== 'POST') send(res, 405, { maKetQua: '205', ghiChu: 'Chỉ nhận POST' });
    else if (url.pathname === tokenPath) send(res, 200, login(body));
    else if (url.pathname === checkPath) send(res, 200, check(url, body));
    else send(res, 404, { maKetQua: '205', ghiChu: 'Không có đường dẫn này' });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) req.socket.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      if (mode !== 'slow') return handle(req, res, raw);
      const t = setTimeout(() => {
        timers.delete(t);
        handle(req, res, raw);
      }, delayMs);
      timers.add(t);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;

  return {
    url: `http://${host}:${addr.port}`,
    stats,
    setMode(m, d) {
      mode = m;
      delayMs = d ?? 0;
    },
    addCard(c) {
      cards.push(c);
    },
    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A card for `code` under a made-up CCCD '09900000' + code padded to 4 (e.g. '099000000010' answers '010'). */
function codeCard(code: string, extra: Partial<FakeCard> = {}): FakeCard {
  return {
    maThe: `09900000${code.padStart(4, '0')}`,
    hoTen: `Người Thử Mã ${code}`,
    ngaySinh: '01/01/1980',
    code,
    gtTheTu: '01/01/2026',
    gtTheDen: '31/12/2026',
    maDKBD: '01001',
    ...extra,
  };
}

/**
 * The virtual cards' people (electron/vcard/person.ts; copied here because devkit may not import vcard, a test
 * checks they agree) and one made-up person per other result code. BHYT card codes: 2 letters (who pays),
 * 1 digit (benefit level), 2 digits (province), 10 digits (social-security number).
 */
export const DEMO_CARDS: FakeCard[] = [
  {
    // PERSON_A, Hà Nội (province 01): insured, with a short history.
    maThe: '001099012345',
    hoTen: 'Nguyễn Văn An',
    ngaySinh: '15/03/1999',
    code: '000',
    ghiChu: 'Thẻ còn giá trị sử dụng!',
    cardCode: 'DN4010123456789',
    gtTheTu: '01/01/2026',
    gtTheDen: '31/12/2026',
    maDKBD: '01001',
    history: [
      { maCSKCB: '01001', ngayVao: '202603100815', ngayRa: '202603101030', tenBenh: 'Viêm họng cấp' },
      { maCSKCB: '01013', ngayVao: '202611020900', ngayRa: '202611021145', tenBenh: 'Đau thắt lưng' },
      { maCSKCB: '01001', ngayVao: '202507210730', ngayRa: '202507251600', tenBenh: 'Viêm phổi' },
    ],
  },
  {
    // PERSON_B, Hồ Chí Minh City (province 79): old card still valid, a new one issued (004).
    maThe: '079190004321',
    hoTen: 'Lê Thị Bích Ngọc',
    ngaySinh: '02/11/1990',
    code: '004',
    ghiChu: 'Thẻ cũ còn giá trị sử dụng, đã được cấp thẻ mới!',
    cardCode: 'GD4790987654321',
    maTheMoi: 'DN4790987654321',
    gtTheTu: '01/01/2025',
    gtTheDen: '31/12/2025',
    maDKBD: '79024',
  },
  {
    // PERSON_PASSPORT (the passport profile's person has a CCCD number too): card expired.
    maThe: '036085009876',
    hoTen: 'Trần Quốc Bảo',
    ngaySinh: '30/06/1985',
    code: '010',
    ghiChu: 'Thẻ hết giá trị sử dụng!',
    cardCode: 'HC4360112233445',
    gtTheTu: '01/01/2024',
    gtTheDen: '31/12/2024',
    maDKBD: '36001',
  },
  ...['001', '002', '003', '051', '052', '053', '061', '100', '101', '110', '120', '121', '122', '123', '124', '130', '999'].map((code) =>
    codeCard(code, code === '003' ? { maTheMoi: 'DN4010000000003', cardCode: 'DN4010000000300' } : { cardCode: `DN40100000${code.padStart(5, '0')}` }),
  ),
];
