// The hospital pieces rendered to markup (react-dom/server, no browser): the insurance band in both languages
// with the gateway's note verbatim, the ticket's unverified mark, the registry's differences; and the two
// string tables have the same entries.
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { InsuranceView, PendingView } from '../../../../../electron/service/workflows/hospital/contract.js';
import { Ctx } from '../../../../../renderer/src/context.js';
import { STRINGS, type Lang } from '../../../../../renderer/src/i18n/strings.js';
import { DEFAULT_SETTINGS } from '../../../../../renderer/src/settings.js';
import { InsuranceBand, RegistryDiffs } from '../../../../../renderer/features/hospital/parts.js';
import { TicketPreview } from '../../../../../renderer/features/hospital/Ticket.js';
import { HOSPITAL_STRINGS } from '../../../../../renderer/features/hospital/strings.js';

const html = (lang: Lang, el: ReactElement): string => renderToStaticMarkup(createElement(Ctx.Provider, { value: { lang, t: STRINGS[lang], settings: DEFAULT_SETTINGS } }, el));

const ins = (over: Partial<InsuranceView>): InsuranceView => ({
  status: 'unchecked',
  code: null,
  note: null,
  cardCode: null,
  validFrom: null,
  validTo: null,
  primaryFacility: null,
  history: [],
  historyCount: 0,
  checkedAt: '2026-12-03T08:00:00.000Z',
  ...over,
});

describe('InsuranceBand', () => {
  it('unchecked says it is checking, in each language', () => {
    expect(html('vi', createElement(InsuranceBand, { insurance: ins({}) }))).toContain('Đang kiểm tra BHYT…');
    expect(html('en', createElement(InsuranceBand, { insurance: ins({}) }))).toContain('Checking insurance…');
  });
  it('an answer: its colour, status, the note verbatim (Vietnamese in English mode too), card code and validity', () => {
    const note = 'Thẻ hết giá trị sử dụng';
    const out = html('en', createElement(InsuranceBand, { insurance: ins({ status: 'expired', code: '010', note, cardCode: 'HS4010123456789', validFrom: '2024-01-01', validTo: '2024-12-31' }) }));
    expect(out).toContain('hins--bad');
    expect(out).toContain('Insurance card expired');
    expect(out).toContain(`<p class="hins__note" lang="vi">${note}</p>`);
    expect(out).toContain('HS4010123456789');
    expect(out).toContain('01/01/2024 – 31/12/2024');
  });
  it('an unknown gateway code is shown as unknown, not guessed', () => {
    expect(html('vi', createElement(InsuranceBand, { insurance: ins({ status: 'error', code: '999', note: 'x' }) }))).toContain('Mã 999 chưa biết, xem ghi chú');
    expect(html('vi', createElement(InsuranceBand, { insurance: ins({ status: 'insured', code: '000' }) }))).not.toContain('chưa biết');
  });
});

describe('TicketPreview', () => {
  const visit = {
    visitId: 'LK261203-ABCDEF',
    patientCccd: '001099012345',
    department: 'K01',
    queueNumber: 7,
    queueLabel: 'A007',
    day: '2026-12-03',
    operatorId: 'op_00000001',
    counter: null,
    identitySource: 'chip' as const,
    override: null,
    insurance: ins({}),
    createdAt: '2026-12-03T08:00:00.000Z',
    printed: 'yes' as const,
  };
  it('shows hospital, department, queue label and visit code; an unverified visit says so', () => {
    const ok = html('vi', createElement(TicketPreview, { visit, departmentName: 'Khám Nội', hospitalName: 'BV Demo' }));
    expect(ok).toContain('A007');
    expect(ok).toContain('Khám Nội');
    expect(ok).toContain('BV Demo');
    expect(ok).toContain('LK261203-ABCDEF');
    expect(ok).not.toContain('CHƯA XÁC THỰC');
    const bad = { ...visit, identitySource: 'chip-unverified' as const, override: { supervisorId: 'op_00000002', reason: 'x' } };
    expect(html('vi', createElement(TicketPreview, { visit: bad, departmentName: 'Khám Nội', hospitalName: '' }))).toContain('CHƯA XÁC THỰC');
    expect(html('en', createElement(TicketPreview, { visit: bad, departmentName: 'Khám Nội', hospitalName: '' }))).toContain('NOT VERIFIED');
  });
});

describe('RegistryDiffs', () => {
  const pending: PendingView = {
    readerId: 'virtual:0',
    verdict: 'verified',
    identitySource: 'chip',
    patient: { cccd: '001099012345', cmnd: null, fullName: 'Nguyễn Văn An', dateOfBirth: '1999-03-15', sex: 'M', address: 'Hà Nội' },
    newPatient: false,
    diffs: [{ field: 'address', stored: 'Hải Phòng', read: 'Hà Nội' }, { field: 'dateOfBirth', stored: '1999-03-16', read: '1999-03-15' }],
    insurance: ins({}),
    readAt: '2026-12-03T08:00:00.000Z',
  };
  const none = (): void => undefined;
  it('lists each difference (dates as printed) with the confirm checkbox', () => {
    const out = html('vi', createElement(RegistryDiffs, { pending, confirmed: false, onConfirm: none }));
    expect(out).toContain('Hải Phòng');
    expect(out).toContain('16/03/1999');
    expect(out).toContain('type="checkbox"');
    expect(out).toContain('Tôi đã kiểm tra');
  });
  it('a new patient says so; a known patient with no differences has no checkbox', () => {
    expect(html('vi', createElement(RegistryDiffs, { pending: { ...pending, newPatient: true, diffs: [] }, confirmed: false, onConfirm: none }))).toContain('Người bệnh mới');
    expect(html('en', createElement(RegistryDiffs, { pending: { ...pending, diffs: [] }, confirmed: false, onConfirm: none }))).not.toContain('checkbox');
  });
});

describe('strings', () => {
  const shape = (o: unknown): unknown => (o && typeof o === 'object' ? Object.fromEntries(Object.entries(o).map(([k, v]) => [k, shape(v)])) : typeof o);
  it('Vietnamese and English have the same entries', () => {
    expect(shape(HOSPITAL_STRINGS.en)).toEqual(shape(HOSPITAL_STRINGS.vi));
  });
});
