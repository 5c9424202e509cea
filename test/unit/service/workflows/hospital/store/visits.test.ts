// Visits: queue numbers sequential per department and per day, kept across close/reopen, never repeated
// or skipped with two processes creating visits at once (real child processes on one SQLCipher file);
// visit ids, labels, audit, the day's list and its filters, insurance and printing updates.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleChild } from '../../../../../helpers/child-bundle.js';
import { listAudit, type Storage } from '../../../../../../electron/service/storage/index.js';
import { VISIT_ID_RE } from '../../../../../../electron/service/workflows/hospital/contract.js';
import {
  createVisit,
  getVisit,
  listVisits,
  saveDepartment,
  setVisitInsurance,
  setVisitPrinted,
  upsertPatient,
  type NewVisit,
} from '../../../../../../electron/service/workflows/hospital/store/index.js';
import { insurance, OPERATOR, openHospital, patientInput, rawDb, removeTempDirs, tempDir, withDepartments, type Clock } from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
let bundle = '';

beforeAll(async () => {
  // The child is TypeScript, bundled with esbuild (test/helpers/child-bundle.ts).
  bundle = await bundleChild(path.join(here, 'visits-child.ts'), path.join(tempDir('chipid-visits-bundle-'), 'child.mjs'));
});

afterAll(removeTempDirs);

const DAY = '2026-12-03';

function visit(over: Partial<NewVisit> = {}): NewVisit {
  return { patientCccd: '001099012345', department: 'K01', day: DAY, operatorId: OPERATOR, counter: 'Quầy 1', identitySource: 'chip', override: null, insurance: insurance(), ...over };
}

function seeded(clock?: Clock, dir?: string): Storage {
  const s = withDepartments(openHospital(dir, clock));
  upsertPatient(s, patientInput(), 'test');
  upsertPatient(s, patientInput({ cccd: '079203000111', fullName: 'Trần Thị Bình', dateOfBirth: '1985-01-02' }), 'test');
  return s;
}

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('queue numbers', () => {
  it('count from 1 per department and per day, labelled with the prefix, padded to 3', () => {
    const s = seeded();
    const k01 = [1, 2, 3].map(() => createVisit(s, visit()));
    const k02 = createVisit(s, visit({ department: 'K02' }));
    const tomorrow = createVisit(s, visit({ day: '2026-12-04' }));
    expect(k01.map((v) => [v.queueNumber, v.queueLabel])).toEqual([[1, 'A001'], [2, 'A002'], [3, 'A003']]);
    expect([k02.queueNumber, k02.queueLabel]).toEqual([1, 'B001']);
    expect([tomorrow.queueNumber, tomorrow.queueLabel, tomorrow.day]).toEqual([1, 'A001', '2026-12-04']);
    saveDepartment(s, { code: 'K03', name: 'Khám Nhi', prefix: '', active: true }, 'test');
    expect(createVisit(s, visit({ department: 'K03' })).queueLabel).toBe('001');
    s.close();
  });

  it('continue after close and reopen', () => {
    const dir = tempDir();
    const s = seeded(undefined, dir);
    createVisit(s, visit());
    createVisit(s, visit());
    s.close();
    const again = openHospital(dir);
    expect(createVisit(again, visit()).queueNumber).toBe(3);
    again.close();
  });

  it('are not consumed by a refused visit', () => {
    const s = seeded();
    createVisit(s, visit());
    expect(codeOf(() => createVisit(s, visit({ patientCccd: '001199999999' })))).toBe('HOSPITAL_UNKNOWN_PATIENT');
    expect(codeOf(() => createVisit(s, visit({ department: 'K99' })))).toBe('HOSPITAL_UNKNOWN_DEPARTMENT');
    expect(codeOf(() => createVisit(s, visit({ override: { supervisorId: 'op_11111111', reason: 'số 001099012345' } })))).toBe('INTERNAL');
    saveDepartment(s, { code: 'K02', name: 'Khám Ngoại', prefix: 'B', active: false }, 'test');
    expect(codeOf(() => createVisit(s, visit({ department: 'K02' })))).toBe('HOSPITAL_UNKNOWN_DEPARTMENT');
    expect(createVisit(s, visit()).queueNumber).toBe(2);
    s.close();
  });

  it('are guarded by the UNIQUE (day, department, queue_number) constraint', () => {
    const s = seeded();
    const v = createVisit(s, visit());
    const raw = rawDb(s.dbPath);
    expect(() =>
      raw
        .prepare(`INSERT INTO hospital_visits (visit_id, patient_cccd, cccd_last4, department, day, queue_number, queue_label, operator_id, identity_source, insurance_status, created_at, created_ms, printed)
                  VALUES ('LK261203-ZZZZZZ', '001099012345', '2345', 'K01', ?, ?, 'A001', 'op_x', 'chip', 'unchecked', 'x', 0, 'no')`)
        .run(DAY, v.queueNumber),
    ).toThrow(/UNIQUE/);
    raw.close();
    s.close();
  });

  it('never repeat or skip with two processes taking 100 numbers each at once', async () => {
    const dir = tempDir();
    seeded(undefined, dir).close();
    const children = [0, 1].map(() => {
      const child = spawn(process.execPath, [bundle, dir, '100', 'K01', DAY], { stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      const ready = new Promise<void>((resolve) => {
        child.stdout.setEncoding('utf8').on('data', (d: string) => {
          out += d;
          if (out.startsWith('ready\n')) resolve();
        });
      });
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      const done = new Promise<{ code: number | null; numbers: number[]; err: string }>((resolve, reject) => {
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, numbers: out.split('\n').filter((l) => l !== '' && l !== 'ready').map(Number), err }));
      });
      return { child, ready, done };
    });
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.child.stdin.end('go\n');
    const results = await Promise.all(children.map((c) => c.done));
    for (const r of results) {
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.numbers).toHaveLength(100);
      // Each process sees its own numbers rising.
      expect([...r.numbers].sort((a, b) => a - b)).toEqual(r.numbers);
    }
    const union = [...results[0]!.numbers, ...results[1]!.numbers].sort((a, b) => a - b);
    expect(union).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const interleaved = results[0]!.numbers.some((n, i) => i > 0 && n !== results[0]!.numbers[i - 1]! + 1);
    console.log(`visits: two processes, 200 numbers, ${interleaved ? 'interleaved' : 'not interleaved (one ran before the other)'}`);
    const s = openHospital(dir);
    expect(listVisits(s, { day: DAY, limit: 1000 })).toHaveLength(200);
    s.close();
  }, 120_000);
});

describe('createVisit', () => {
  it('makes an MA_LK-style id from the day, retrying a colliding one; audits the visit without personal data', () => {
    const s = seeded();
    const seq = ['7QF3KD', '7QF3KD', '7QF3KE'];
    const random = () => seq.shift() ?? 'ZZZZZZ';
    const a = createVisit(s, visit({ counter: null }), { random });
    const b = createVisit(s, visit({ patientCccd: '079203000111', override: { supervisorId: 'op_11111111', reason: 'Chip không đọc được' }, identitySource: 'chip-unverified' }), { random });
    expect(a.visitId).toBe('LK261203-7QF3KD');
    expect(b.visitId).toBe('LK261203-7QF3KE');
    expect(VISIT_ID_RE.test(createVisit(s, visit()).visitId)).toBe(true);
    expect(codeOf(() => createVisit(s, visit(), { random: () => '7QF3KD' }))).toBe('INTERNAL');
    expect(getVisit(s, b.visitId)).toEqual(b);
    expect(b).toMatchObject({ patientCccd: '079203000111', printed: 'no', override: { supervisorId: 'op_11111111', reason: 'Chip không đọc được' }, identitySource: 'chip-unverified', insurance: insurance() });
    const audit = listAudit(s.read, { limit: 100 }).filter((e) => e.action === 'hospital.visit_created');
    expect(audit[1]!.details).toEqual({ visitId: b.visitId, department: 'K01', queueNumber: 2, operator: OPERATOR, source: 'chip-unverified', override: 'yes' });
    expect(audit[0]!.details.override).toBe('no');
    expect(JSON.stringify(audit)).not.toMatch(/079203000111|Bình|Chip không/);
    expect(getVisit(s, 'LK261203-0000AA')).toBeUndefined();
    s.close();
  });

  it('refuses a day that is not a calendar date', () => {
    const s = seeded();
    expect(codeOf(() => createVisit(s, visit({ day: '2026-02-30' })))).toBe('INTERNAL');
    expect(codeOf(() => createVisit(s, visit({ day: '03/12/2026' })))).toBe('INTERNAL');
    s.close();
  });
});

describe('listVisits', () => {
  it('lists a day newest first, filtered by department, folded name or the last CCCD digits', () => {
    const clock: Clock = { now: Date.parse('2026-12-03T01:00:00Z') };
    const s = seeded(clock);
    const made = [
      visit(),
      visit({ patientCccd: '079203000111' }),
      visit({ department: 'K02' }),
      visit({ patientCccd: '079203000111', department: 'K02' }),
    ].map((v) => {
      clock.now += 1000;
      return createVisit(s, v);
    });
    createVisit(s, visit({ day: '2026-12-04' }));
    const ids = (rows: { visit: { visitId: string } }[]) => rows.map((r) => r.visit.visitId);
    expect(ids(listVisits(s, { day: DAY }))).toEqual(made.map((v) => v.visitId).reverse());
    expect(ids(listVisits(s, { day: DAY, department: 'K02' }))).toEqual([made[3]!.visitId, made[2]!.visitId]);
    expect(ids(listVisits(s, { day: DAY, query: 'tran thi' }))).toEqual([made[3]!.visitId, made[1]!.visitId]);
    expect(ids(listVisits(s, { day: DAY, query: 'BÌNH', department: 'K01' }))).toEqual([made[1]!.visitId]);
    expect(ids(listVisits(s, { day: DAY, query: '2345' }))).toEqual([made[2]!.visitId, made[0]!.visitId]);
    expect(ids(listVisits(s, { day: DAY, query: '203000111' }))).toEqual([made[3]!.visitId, made[1]!.visitId]);
    expect(ids(listVisits(s, { day: DAY, query: '99' }))).toEqual([]);
    expect(ids(listVisits(s, { day: DAY, limit: 1 }))).toEqual([made[3]!.visitId]);
    expect(listVisits(s, { day: DAY })[0]!.patient).toEqual({ fullName: 'Trần Thị Bình', dateOfBirth: '1985-01-02', cccdLast4: '0111' });
    expect(listVisits(s, { day: '2026-12-05' })).toEqual([]);
    s.close();
  });
});

describe('setVisitInsurance / setVisitPrinted', () => {
  it('update the visit; an unknown visit is HOSPITAL_UNKNOWN_VISIT', () => {
    const s = seeded();
    const v = createVisit(s, visit());
    setVisitInsurance(s, v.visitId, insurance('insured'));
    setVisitPrinted(s, v.visitId, 'failed');
    expect(getVisit(s, v.visitId)).toMatchObject({ insurance: insurance('insured'), printed: 'failed' });
    setVisitPrinted(s, v.visitId, 'yes');
    expect(getVisit(s, v.visitId)!.printed).toBe('yes');
    expect(codeOf(() => setVisitPrinted(s, 'LK261203-0000AA', 'yes'))).toBe('HOSPITAL_UNKNOWN_VISIT');
    expect(codeOf(() => setVisitInsurance(s, 'LK261203-0000AA', insurance('insured')))).toBe('HOSPITAL_UNKNOWN_VISIT');
    expect(codeOf(() => setVisitPrinted(s, v.visitId, 'maybe' as 'yes'))).toBe('INTERNAL');
    s.close();
  });
});
