// The measurement behind the registry's name-search design (migrations/002-patients.ts): the same synthetic
// names and queries against (dob, name_folded), (name_folded, dob) and the name keys, SQL only, in memory
// (no cipher, no disk: what is left is the index's own work). Prints p50/p99 per design and per query kind.
//   npx esbuild bench/hospital-registry-indexes.ts --bundle --platform=node --format=esm --packages=external \
//     --outfile=dist/bench-registry-indexes.mjs && node dist/bench-registry-indexes.mjs [patients]
import Database from 'better-sqlite3-multiple-ciphers';
import { foldName, nameKeys } from '../electron/service/workflows/hospital/store/fold.js';
import { prng } from './hospital-registry.js';

const N = Number(process.argv[2] ?? 1_000_000);

const rand = prng(7);
const FAMILY: [string, number][] = [['Nguyễn', 38], ['Trần', 11], ['Lê', 9.5], ['Phạm', 7], ['Hoàng', 4], ['Huỳnh', 3], ['Phan', 4.5], ['Vũ', 2.5], ['Võ', 2.5], ['Đặng', 2.1], ['Bùi', 2], ['Đỗ', 1.4], ['Hồ', 1.3], ['Ngô', 1.3], ['Dương', 1], ['Lý', 0.5]];
const TOTAL = FAMILY.reduce((n, [, w]) => n + w, 0);
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Đức', 'Minh', 'Ngọc', 'Thanh', 'Quốc', 'Thu', 'Kim'];
const GIVEN = ['An', 'Anh', 'Bình', 'Cường', 'Dũng', 'Hà', 'Hải', 'Hạnh', 'Hiếu', 'Hoa', 'Hùng', 'Hương', 'Khánh', 'Lan', 'Linh', 'Long', 'Mai', 'Minh', 'Nam', 'Nga', 'Ngọc', 'Phong', 'Phúc', 'Phương', 'Quang', 'Quân', 'Sơn', 'Tâm', 'Thảo', 'Thắng', 'Trang', 'Trung', 'Tuấn', 'Vy', 'Yến', 'Chi', 'Duy', 'Đạt', 'Huy', 'Khoa', 'Lộc', 'My', 'Ngân', 'Nhung', 'Oanh', 'Quỳnh', 'Thư', 'Trâm', 'Uyên', 'Vinh'];
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const db = new Database(':memory:');
db.exec(`CREATE TABLE p (cccd TEXT PRIMARY KEY, name_folded TEXT NOT NULL, dob TEXT NOT NULL) STRICT, WITHOUT ROWID;
  CREATE TABLE k (year TEXT NOT NULL, key TEXT NOT NULL, cccd TEXT NOT NULL, dob TEXT NOT NULL, whole INTEGER NOT NULL,
    PRIMARY KEY (year, key, cccd)) STRICT, WITHOUT ROWID;
  CREATE INDEX k_by_dob ON k (dob, key);`);
const insP = db.prepare(`INSERT INTO p VALUES (?, ?, ?)`);
const insK = db.prepare(`INSERT OR IGNORE INTO k VALUES (?, ?, ?, ?, ?)`);
const people: { name: string; dob: string }[] = [];
db.transaction(() => {
  for (let i = 0; i < N; i++) {
    let r = rand() * TOTAL;
    let family = 'Nguyễn';
    for (const [f, w] of FAMILY) if ((r -= w) < 0) { family = f; break; }
    const name = foldName(`${family} ${pick(MIDDLE)} ${pick(GIVEN)}`);
    const dob = new Date(Date.UTC(1930, 0, 1) + Math.floor(rand() * 95 * 365.25) * 86_400_000).toISOString().slice(0, 10);
    const cccd = String(i).padStart(12, '0');
    people.push({ name, dob });
    insP.run(cccd, name, dob);
    nameKeys(name).forEach((key, j) => insK.run(dob.slice(0, 4), key, cccd, dob, j === 0 ? 1 : 0));
  }
})();
const queries = Array.from({ length: 1000 }, () => {
  const p = pick(people);
  const words = p.name.split(' ');
  const r = rand();
  return { q: r < 0.4 ? p.name : r < 0.7 ? words.slice(0, 2).join(' ') : words[words.length - 1]!, dob: rand() < 0.7 ? p.dob : p.dob.slice(0, 4) };
});

const LIKE = `(name_folded LIKE @prefix ESCAPE '\\' OR (' ' || name_folded || ' ') LIKE @word ESCAPE '\\')`;
const KEYS = `key >= @q AND key < @qEnd AND (whole = 1 OR key = @q OR substr(key, 1, length(@q) + 1) = @q || ' ')`;

function measure(label: string, byDate: string, byYear: string): void {
  const a = db.prepare(byDate);
  const b = db.prepare(byYear);
  const kinds = new Map<string, number[]>();
  for (const x of queries) {
    const params = { q: x.q, qEnd: `${x.q}\u{10FFFF}`, prefix: `${x.q}%`, word: `% ${x.q} %`, limit: 20 };
    const t0 = process.hrtime.bigint();
    const rows = x.dob.length === 4 ? b.all({ ...params, year: x.dob, next: String(Number(x.dob) + 1) }) : a.all({ ...params, dob: x.dob, year: x.dob.slice(0, 4) });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const kind = `${x.dob.length === 4 ? 'year' : 'date'}, ${x.q.split(' ').length} word(s), ${rows.length >= 20 ? '20+ hits' : 'few hits'}`;
    kinds.set(kind, [...(kinds.get(kind) ?? []), ms]);
  }
  const q = (xs: number[], f: number): string => [...xs].sort((m, n) => m - n)[Math.min(xs.length - 1, Math.floor(f * xs.length))]!.toFixed(3);
  const all = [...kinds.values()].flat();
  console.log(`${label}: p50 ${q(all, 0.5)} ms, p99 ${q(all, 0.99)} ms`);
  for (const [k, xs] of [...kinds].sort()) console.log(`    ${k.padEnd(32)} n=${String(xs.length).padStart(4)}  p50 ${q(xs, 0.5)}  max ${q(xs, 1)}`);
}

console.log(`name + DOB search designs, ${N} patients, in memory (node ${process.version})`);
db.exec(`CREATE INDEX p_dob_name ON p (dob, name_folded)`);
measure('(dob, name_folded)', `SELECT * FROM p WHERE dob IN (@dob, @year) AND ${LIKE} ORDER BY dob, name_folded LIMIT @limit`, `SELECT * FROM p WHERE dob >= @year AND dob < @next AND ${LIKE} ORDER BY dob, name_folded LIMIT @limit`);
db.exec(`DROP INDEX p_dob_name; CREATE INDEX p_name_dob ON p (name_folded, dob)`);
measure('(name_folded, dob)', `SELECT * FROM p WHERE dob IN (@dob, @year) AND ${LIKE} LIMIT @limit`, `SELECT * FROM p WHERE dob >= @year AND dob < @next AND ${LIKE} LIMIT @limit`);
db.exec(`DROP INDEX p_name_dob`);
measure(
  'name keys',
  `SELECT * FROM p WHERE cccd IN (SELECT DISTINCT cccd FROM k WHERE dob IN (@dob, @year) AND ${KEYS} LIMIT @limit) ORDER BY name_folded, dob`,
  `SELECT * FROM p WHERE cccd IN (SELECT DISTINCT cccd FROM k WHERE year = @year AND ${KEYS} LIMIT @limit) ORDER BY name_folded, dob`,
);
