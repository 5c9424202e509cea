// Patients: diacritics-insensitive folding and search, diffs, create/update audited by field names only,
// contact fields, deletion on request (visits keep no personal data) and retention. Real SQLCipher files.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { listAudit, verifyAuditChain } from '../../../../../../electron/service/storage/index.js';
import {
  createVisit,
  deletePatient,
  diffPatient,
  enqueueOutbox,
  dueLookups,
  dueOutbox,
  foldName,
  getPatient,
  getVisit,
  listVisits,
  planPatientQueries,
  purgePatients,
  queueLookup,
  searchPatients,
  setPatientContact,
  upsertPatient,
} from '../../../../../../electron/service/workflows/hospital/store/index.js';
import { insurance, OPERATOR, openHospital, patientInput, rawDb, removeTempDirs, withDepartments, type Clock } from './helpers.js';

afterEach(removeTempDirs);

const DAY_MS = 86_400_000;

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('foldName', () => {
  it.each([
    ['Nguyễn Văn An', 'NGUYEN VAN AN'],
    ['  nguyễn   văn  an ', 'NGUYEN VAN AN'],
    ['Đặng Thị Đào', 'DANG THI DAO'],
    ['đỗ ĐỨC', 'DO DUC'],
    ['Trương Thị Ngọc Ánh', 'TRUONG THI NGOC ANH'],
    ['Phạm\tQuỳnh\u00a0Hương', 'PHAM QUYNH HUONG'],
    ['Nguye\u0302\u0303n', 'NGUYEN'], // NFD input (combining marks) folds the same as NFC
  ])('%s → %s', (name, folded) => {
    expect(foldName(name)).toBe(folded);
  });
});

describe('diffPatient', () => {
  const stored = {
    ...patientInput({ cmnd: '012345678' }),
    phone: null,
    insuranceCode: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };

  it('is empty for the same values, and for address changes of case or spacing only', () => {
    expect(diffPatient(stored, patientInput({ cmnd: '012345678' }))).toEqual([]);
    const address = '  số 12 LÊ LỢI,  Phường Bến Nghé, Quận 1, tp. hồ chí minh ';
    expect(diffPatient(stored, patientInput({ cmnd: '012345678', address }))).toEqual([]);
  });

  it('reports each changed field with the stored and the read value, names compared exactly', () => {
    const input = patientInput({ cmnd: '987654321', fullName: 'Nguyễn Văn Ân', dateOfBirth: '1999-03-16', sex: 'F', address: 'Số 14 Lê Lợi' });
    expect(diffPatient(stored, input)).toEqual([
      { field: 'cmnd', stored: '012345678', read: '987654321' },
      { field: 'fullName', stored: 'Nguyễn Văn An', read: 'Nguyễn Văn Ân' },
      { field: 'dateOfBirth', stored: '1999-03-15', read: '1999-03-16' },
      { field: 'sex', stored: 'M', read: 'F' },
      { field: 'address', stored: stored.address, read: 'Số 14 Lê Lợi' },
    ]);
    // Upper case is a different name (exact), though the folded key is the same.
    expect(diffPatient(stored, patientInput({ cmnd: '012345678', fullName: 'NGUYỄN VĂN AN' }))).toEqual([{ field: 'fullName', stored: 'Nguyễn Văn An', read: 'NGUYỄN VĂN AN' }]);
  });

  it('does not report fields the input does not know (null cmnd, sex, address)', () => {
    expect(diffPatient(stored, patientInput({ cmnd: null, sex: null, address: null }))).toEqual([]);
  });
});

describe('upsertPatient / getPatient / setPatientContact', () => {
  it('creates, then updates with the diffs, auditing idRef and field names only', () => {
    const clock: Clock = { now: Date.parse('2026-12-03T08:00:00Z') };
    const s = openHospital(undefined, clock);
    const a = upsertPatient(s, patientInput({ phone: '0901 234 567' }), 'operator:op_0a1b2c3d');
    expect(a.created).toBe(true);
    expect(a.changed).toEqual([]);
    expect(getPatient(s, '001099012345')).toEqual(a.patient);
    expect(a.patient).toMatchObject({ fullName: 'Nguyễn Văn An', phone: '0901 234 567', insuranceCode: null, createdAt: '2026-12-03T08:00:00.000Z' });

    clock.now += 60_000;
    const same = upsertPatient(s, patientInput(), 'operator:op_0a1b2c3d');
    expect(same).toMatchObject({ created: false, changed: [] });
    expect(same.patient.phone).toBe('0901 234 567'); // absent phone keeps the stored one

    clock.now += 60_000;
    const b = upsertPatient(s, patientInput({ address: 'Số 14 Lê Lợi', sex: null }), 'operator:op_0a1b2c3d');
    expect(b.changed.map((d) => d.field)).toEqual(['address']);
    expect(b.patient).toMatchObject({ address: 'Số 14 Lê Lợi', sex: 'M', createdAt: '2026-12-03T08:00:00.000Z', updatedAt: '2026-12-03T08:02:00.000Z' });

    const audit = listAudit(s.read, { limit: 100 }).filter((e) => e.action.startsWith('hospital.patient_'));
    expect(audit.map((e) => e.action)).toEqual(['hospital.patient_created', 'hospital.patient_updated']);
    expect(audit[1]!.details).toMatchObject({ idLast4: '2345', changed: ['address'] });
    const text = JSON.stringify(audit);
    for (const secret of ['001099012345', 'Nguyễn', 'NGUYEN', '1999', 'Lê Lợi', '0901']) expect(text).not.toContain(secret);
    s.close();
  });

  it('sets and clears the phone and the insurance code; unknown patient is HOSPITAL_UNKNOWN_PATIENT', () => {
    const s = openHospital();
    upsertPatient(s, patientInput(), 'test');
    setPatientContact(s, '001099012345', { phone: '+84 901 234 567', insuranceCode: 'DN4797912345678' }, 'test');
    expect(getPatient(s, '001099012345')).toMatchObject({ phone: '+84 901 234 567', insuranceCode: 'DN4797912345678' });
    setPatientContact(s, '001099012345', { phone: null }, 'test');
    expect(getPatient(s, '001099012345')).toMatchObject({ phone: null, insuranceCode: 'DN4797912345678' });
    expect(codeOf(() => setPatientContact(s, '079203000111', { phone: null }, 'test'))).toBe('HOSPITAL_UNKNOWN_PATIENT');
    expect(codeOf(() => setPatientContact(s, '001099012345', { phone: 'call me' }, 'test'))).toBe('INTERNAL');
    const changed = listAudit(s.read, { limit: 100 }).filter((e) => e.action === 'hospital.patient_updated').map((e) => e.details.changed);
    expect(changed).toEqual([['phone', 'insuranceCode'], ['phone']]);
    s.close();
  });

  it('refuses malformed input by field name, storing nothing', () => {
    const s = openHospital();
    expect(codeOf(() => upsertPatient(s, patientInput({ cccd: '12345' }), 'test'))).toBe('HOSPITAL_NO_ID');
    expect(codeOf(() => upsertPatient(s, patientInput({ fullName: ' ' }), 'test'))).toBe('INTERNAL');
    expect(codeOf(() => upsertPatient(s, patientInput({ dateOfBirth: '1999-02-30' }), 'test'))).toBe('INTERNAL');
    expect(codeOf(() => upsertPatient(s, patientInput({ dateOfBirth: '15/03/1999' }), 'test'))).toBe('INTERNAL');
    expect(codeOf(() => upsertPatient(s, patientInput({ cmnd: '12' }), 'test'))).toBe('INTERNAL');
    expect(getPatient(s, '001099012345')).toBeUndefined();
    s.close();
  });

  it('keeps names and addresses unreadable in the database file (SQLCipher at rest)', () => {
    const s = openHospital();
    upsertPatient(s, patientInput(), 'test');
    s.close();
    const raw = readFileSync(s.dbPath);
    for (const needle of ['NGUYEN VAN AN', 'Nguyễn Văn An', '001099012345', 'hospital_patients']) expect(raw.includes(Buffer.from(needle))).toBe(false);
  });
});

describe('searchPatients', () => {
  function seeded() {
    const s = openHospital();
    upsertPatient(s, patientInput(), 'test');
    upsertPatient(s, patientInput({ cccd: '079203000111', fullName: 'Nguyễn Văn Anh', dateOfBirth: '1999-07-01' }), 'test');
    upsertPatient(s, patientInput({ cccd: '001188000222', fullName: 'Đặng Thị Đào', dateOfBirth: '1988-12-24', sex: 'F' }), 'test');
    upsertPatient(s, patientInput({ cccd: '001188000333', fullName: 'Trần An', dateOfBirth: '1999' }), 'test');
    return s;
  }
  const names = (ps: { fullName: string }[]) => ps.map((p) => p.fullName);

  it('finds "Nguyễn Văn An" by "nguyen van an", "NGUYEN VAN" and the whole word "van an", with the exact date', () => {
    const s = seeded();
    expect(names(searchPatients(s, { name: 'nguyen van an', dateOfBirth: '1999-03-15' }))).toEqual(['Nguyễn Văn An']);
    expect(names(searchPatients(s, { name: 'NGUYEN VAN', dateOfBirth: '1999-03-15' }))).toEqual(['Nguyễn Văn An']);
    expect(names(searchPatients(s, { name: 'Văn An', dateOfBirth: '1999-03-15' }))).toEqual(['Nguyễn Văn An']);
    expect(names(searchPatients(s, { name: 'nguyễn văn an', dateOfBirth: '1999-03-16' }))).toEqual([]);
    s.close();
  });

  it('matches a year against the year of full dates and of year-only records; prefix vs whole word', () => {
    const s = seeded();
    expect(names(searchPatients(s, { name: 'nguyen van', dateOfBirth: '1999' }))).toEqual(['Nguyễn Văn An', 'Nguyễn Văn Anh']);
    // "an" is a prefix of neither name and a whole word of "Nguyễn Văn An" and "Trần An" only (not of "Anh").
    expect(names(searchPatients(s, { name: 'an', dateOfBirth: '1999' }))).toEqual(['Nguyễn Văn An', 'Trần An']);
    // A full date also finds the record that knows only the year.
    expect(names(searchPatients(s, { name: 'tran an', dateOfBirth: '1999-05-05' }))).toEqual(['Trần An']);
    expect(names(searchPatients(s, { name: 'an', dateOfBirth: '2000' }))).toEqual([]);
    s.close();
  });

  it('folds Đ/đ: "dang thi dao", "ĐẶNG", "Dao" find "Đặng Thị Đào"', () => {
    const s = seeded();
    for (const name of ['dang thi dao', 'ĐẶNG', 'đặng thị', 'Dao']) {
      expect(names(searchPatients(s, { name, dateOfBirth: '1988-12-24' })), name).toEqual(['Đặng Thị Đào']);
    }
    s.close();
  });

  it('treats LIKE wildcards in the name as plain characters', () => {
    const s = seeded();
    expect(searchPatients(s, { name: '%', dateOfBirth: '1999' })).toEqual([]);
    expect(searchPatients(s, { name: 'NGUYEN_VAN', dateOfBirth: '1999' })).toEqual([]);
    s.close();
  });

  it('finds by CCCD exactly, honours the limit, and audits the kind and the hit count only', () => {
    const s = seeded();
    expect(names(searchPatients(s, { cccd: '001188000222' }))).toEqual(['Đặng Thị Đào']);
    expect(searchPatients(s, { cccd: '001188000229' })).toEqual([]);
    expect(searchPatients(s, { name: 'nguyen', dateOfBirth: '1999' }, 1)).toHaveLength(1);
    const audit = listAudit(s.read, { limit: 100 }).filter((e) => e.action === 'hospital.patient_search');
    expect(audit.map((e) => e.details)).toEqual([
      { by: 'cccd', hits: 1 },
      { by: 'cccd', hits: 0 },
      { by: 'name_year', hits: 1 },
    ]);
    s.close();
  });

  it.each([
    ['nothing', {}],
    ['a name without a date', { name: 'nguyen van an' }],
    ['a date without a name', { dateOfBirth: '1999-03-15' }],
    ['a short CCCD', { cccd: '0010990' }],
    ['a CCCD with a name', { cccd: '001099012345', name: 'an', dateOfBirth: '1999' }],
    ['a day-first date', { name: 'an', dateOfBirth: '15/03/1999' }],
    ['a name of spaces', { name: '   ', dateOfBirth: '1999' }],
  ])('refuses %s with HOSPITAL_SEARCH_INVALID', (_what, q) => {
    const s = seeded();
    expect(codeOf(() => searchPatients(s, q))).toBe('HOSPITAL_SEARCH_INVALID');
    s.close();
  });

  it('seeks (never scans): the primary key for the ID, the name keys by (dob, key) or (year, key) for names', () => {
    const s = seeded();
    const plan = planPatientQueries(s.read);
    console.log(`search plans: ${JSON.stringify(plan)}`);
    expect(plan.byId.join(' ')).toMatch(/SEARCH hospital_patients USING PRIMARY KEY \(cccd=\?\)/);
    expect(plan.byDob.join(' ')).toMatch(/SEARCH hospital_name_keys USING (COVERING )?INDEX hospital_name_keys_by_dob \(dob=\? AND key>\? AND key<\?\)/);
    expect(plan.byYear.join(' ')).toMatch(/SEARCH hospital_name_keys USING PRIMARY KEY \(year=\? AND key>\? AND key<\?\)/);
    expect([...plan.byId, ...plan.byDob, ...plan.byYear].join(' ')).not.toMatch(/\bSCAN\b/);
    s.close();
  });

  it('keeps the name keys in step with renames, date changes and deletion', () => {
    const s = seeded();
    upsertPatient(s, patientInput({ fullName: 'Lê Thị Hoa', dateOfBirth: '2001-02-03' }), 'test');
    expect(searchPatients(s, { name: 'nguyen van an', dateOfBirth: '1999-03-15' })).toEqual([]);
    expect(names(searchPatients(s, { name: 'nguyen van an', dateOfBirth: '1999' }))).toEqual(['Nguyễn Văn Anh']);
    expect(names(searchPatients(s, { name: 'thi hoa', dateOfBirth: '2001-02-03' }))).toEqual(['Lê Thị Hoa']);
    deletePatient(s, '001099012345', 'test', 'yêu cầu');
    expect(searchPatients(s, { name: 'le thi hoa', dateOfBirth: '2001' })).toEqual([]);
    const raw = rawDb(s.dbPath, { readonly: true });
    const keys = raw.prepare(`SELECT count(*) AS n FROM hospital_name_keys WHERE cccd = '001099012345'`).get();
    const total = raw.prepare(`SELECT count(*) AS n FROM hospital_name_keys`).get();
    raw.close();
    expect(keys).toEqual({ n: 0 });
    expect(total).toEqual({ n: 3 + 3 + 2 }); // Nguyễn Văn Anh, Đặng Thị Đào, Trần An
    s.close();
  });

  it('finds the same person once even when two of their keys match', () => {
    const s = openHospital();
    upsertPatient(s, patientInput({ fullName: 'An Văn An', dateOfBirth: '1990' }), 'test');
    expect(names(searchPatients(s, { name: 'an', dateOfBirth: '1990' }))).toEqual(['An Văn An']);
    s.close();
  });
});

describe('deletePatient', () => {
  it('removes the record; its visits keep only id, department, queue, times and insurance status', () => {
    const s = withDepartments(openHospital());
    upsertPatient(s, patientInput({ phone: '0901 234 567' }), 'test');
    upsertPatient(s, patientInput({ cccd: '079203000111', fullName: 'Trần Thị Bình' }), 'test');
    const mine = createVisit(s, { patientCccd: '001099012345', department: 'K01', day: '2026-12-03', operatorId: OPERATOR, counter: 'Quầy 2', identitySource: 'chip', override: { supervisorId: 'op_99999999', reason: 'chip hỏng' }, insurance: insurance('insured') });
    const other = createVisit(s, { patientCccd: '079203000111', department: 'K01', day: '2026-12-03', operatorId: OPERATOR, counter: null, identitySource: 'chip', override: null, insurance: insurance('insured') });
    queueLookup(s, mine.visitId, 0);
    queueLookup(s, other.visitId, 0);
    enqueueOutbox(s, `his:${mine.visitId}`, mine.visitId, '{"resourceType":"Bundle","name":"Nguyễn Văn An"}');

    expect(deletePatient(s, '001099012345', 'operator:op_0a1b2c3d', 'Người bệnh yêu cầu xoá hồ sơ')).toBe(true);
    expect(getPatient(s, '001099012345')).toBeUndefined();
    expect(deletePatient(s, '001099012345', 'operator:op_0a1b2c3d', 'again')).toBe(false);

    const v = getVisit(s, mine.visitId)!;
    expect(v).toMatchObject({ visitId: mine.visitId, patientCccd: '2345', department: 'K01', queueNumber: 1, queueLabel: 'A001', day: '2026-12-03', createdAt: mine.createdAt, counter: null });
    expect(v.override).toEqual({ supervisorId: 'op_99999999', reason: '' });
    expect(v.insurance).toMatchObject({ status: 'insured', code: null, note: null, cardCode: null, history: [] });
    expect(listVisits(s, { day: '2026-12-03' }).find((r) => r.visit.visitId === mine.visitId)!.patient).toEqual({ fullName: '', dateOfBirth: '', cccdLast4: '2345' });
    // The other person's visit and queued work are untouched; the deleted person's are gone.
    expect(getVisit(s, other.visitId)).toEqual(other);
    expect(dueLookups(s, 1, 10).map((x) => x.visitId)).toEqual([other.visitId]);
    expect(dueOutbox(s, Date.now() + 1, 10)).toEqual([]);

    const raw = rawDb(s.dbPath, { readonly: true });
    const row = raw.prepare(`SELECT * FROM hospital_visits WHERE visit_id = ?`).get(mine.visitId) as Record<string, unknown>;
    const out = raw.prepare(`SELECT body, state FROM hospital_outbox`).get() as { body: string; state: string };
    raw.close();
    expect(JSON.stringify(row)).not.toMatch(/001099012345|chip hỏng|Quầy|DN479/);
    expect(out).toEqual({ body: '', state: 'cancelled' });

    const entry = listAudit(s.read, { limit: 100 }).find((e) => e.action === 'hospital.patient_deleted')!;
    expect(entry.details).toMatchObject({ idLast4: '2345', reason: 'Người bệnh yêu cầu xoá hồ sơ', visits: 1 });
    expect(verifyAuditChain(s.read)).toMatchObject({ ok: true });
    s.close();
  });

  it('refuses a reason with an ID-like digit run (it is audited) and keeps the record', () => {
    const s = openHospital();
    upsertPatient(s, patientInput(), 'test');
    expect(codeOf(() => deletePatient(s, '001099012345', 'test', 'yêu cầu của 001099012345'))).toBe('INTERNAL');
    expect(codeOf(() => deletePatient(s, '001099012345', 'test', '  '))).toBe('INTERNAL');
    expect(getPatient(s, '001099012345')).toBeDefined();
    s.close();
  });
});

describe('purgePatients', () => {
  it('deletes the patients not seen for N days (a visit counts as seen) and strips their visits', () => {
    const clock: Clock = { now: Date.parse('2026-01-01T08:00:00Z') };
    const s = withDepartments(openHospital(undefined, clock));
    upsertPatient(s, patientInput(), 'test'); // seen on day 0 only
    upsertPatient(s, patientInput({ cccd: '079203000111', fullName: 'Trần Thị Bình' }), 'test');
    const old = createVisit(s, { patientCccd: '001099012345', department: 'K01', day: '2026-01-01', operatorId: OPERATOR, counter: null, identitySource: 'chip', override: null, insurance: insurance('insured') });
    clock.now += 20 * DAY_MS;
    createVisit(s, { patientCccd: '079203000111', department: 'K01', day: '2026-01-21', operatorId: OPERATOR, counter: null, identitySource: 'chip', override: null, insurance: insurance() });
    clock.now += 15 * DAY_MS; // day 35: An last seen 35 days ago, Bình 15 days ago

    expect(purgePatients(s, 30)).toBe(1);
    expect(getPatient(s, '001099012345')).toBeUndefined();
    expect(getPatient(s, '079203000111')).toBeDefined();
    expect(getVisit(s, old.visitId)).toMatchObject({ patientCccd: '2345', queueLabel: 'A001', insurance: { status: 'insured', cardCode: null } });
    expect(purgePatients(s, 30)).toBe(0);
    expect(purgePatients(s, 10)).toBe(1);
    const purges = listAudit(s.read, { limit: 100 }).filter((e) => e.action === 'hospital.patients_purged');
    expect(purges.map((e) => e.details.purged)).toEqual([1, 0, 1]);
    expect(purges[0]!.details).toMatchObject({ visits: 1, notSeenForDays: 30 });
    expect(codeOf(() => purgePatients(s, 0))).toBe('INTERNAL');
    s.close();
  });
});
