/**
 * The workflow seam, proved with a workflow registered only here ('test-online'): it requires
 * onlineConfirmed on top of the baseline, keeps a table of its own (a migration) and runs a step after a
 * verified read. Its counter's verdict changes, its step runs on verified reads only, its migration runs after
 * the core's, once, and the reader's workflow is validated against the registry.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createKioskService, type KioskService } from '../../../../electron/service/kiosk.js';
import { componentVersion, listAudit, listEvents } from '../../../../electron/service/storage/index.js';
import { REQUIRED_TIERS } from '../../../../electron/service/verify.js';
import { WORKFLOWS, WorkflowRegistry, type VerifiedRead, type Workflow } from '../../../../electron/service/workflows/index.js';
import { ChipIdError } from '../../../../electron/emrtd/errors.js';
import { validateSettingsPatch } from '../../../../electron/contract/validate.js';
import type { ReadResultView, ServiceEvent } from '../../../../electron/contract/types.js';
import { demoCards } from '../../../helpers/demo-cards.js';

const ID = '001099012345';
const PIN = '482913';
const dirs: string[] = [];
const services: KioskService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function testWorkflow(seen: VerifiedRead[], opts: { online?: boolean; steps?: Workflow['afterVerifiedRead'] } = {}): Workflow {
  return {
    name: 'test-online',
    label: { vi: 'Thử nghiệm', en: 'Test' },
    requiredTiers: opts.online === false ? REQUIRED_TIERS : [...REQUIRED_TIERS, 'onlineConfirmed'],
    afterVerifiedRead: opts.steps ?? [{ name: 'remember', run: (r) => void seen.push(r) }],
    migrations: [
      { version: 1, name: 'visits', sql: `CREATE TABLE test_online_visits (id INTEGER PRIMARY KEY, reader TEXT NOT NULL) STRICT;` },
      { version: 2, name: 'visit time', sql: `ALTER TABLE test_online_visits ADD COLUMN at_ms INTEGER;` },
    ],
  };
}

async function start(workflows: readonly Workflow[], dir = mkdtempSync(join(tmpdir(), 'chipid-wf-'))): Promise<KioskService> {
  if (!dirs.includes(dir)) dirs.push(dir);
  const k = await createKioskService({ dataDir: dir, demo: { cards: demoCards(), readers: 1 }, pcsc: false, resultTimeoutMs: 0, env: {}, workflows });
  services.push(k);
  return k;
}

/** The read's result, from the reader's session state (the one event a result is sent in). */
async function read(k: KioskService, profile: 'cccd-2021' | 'cccd-tampered-dg13'): Promise<{ result: ReadResultView }> {
  let result: ReadResultView | undefined;
  const off = k.subscribe((e) => {
    if (e.type === 'session' && e.readerId === 'virtual:0' && e.session.state === 'result') result = e.session.result;
  });
  await k.demoCard('virtual:0', 'insert', profile);
  await k.startRead('virtual:0', { id: ID }, { photo: false });
  while (!result) await new Promise((r) => setTimeout(r, 5));
  off();
  await k.demoCard('virtual:0', 'remove');
  return { result };
}

async function useWorkflow(k: KioskService, workflow: string, operator?: string): Promise<void> {
  const { session } = await k.setFirstAdminPin(PIN);
  await k.configureReader(session, 'virtual:0', { workflow, ...(operator !== undefined ? { operator } : {}) });
}

describe('workflow seam', () => {
  it('a reader runs verify-only by default, with today\'s verdict', async () => {
    const seen: VerifiedRead[] = [];
    const k = await start([...WORKFLOWS, testWorkflow(seen)]);
    expect((await k.listReaders())[0]?.workflow).toBe('verify-only');
    const r = await read(k, 'cccd-2021');
    expect(r.result.verdict).toBe('verified');
    expect(seen).toHaveLength(0);
    expect(listEvents(k.storage.read)[0]).toMatchObject({ verdict: 'verified', workflow: 'verify-only' });
  });

  it("the counter's workflow's required tiers decide the verdict (onlineConfirmed is not performed offline)", async () => {
    const seen: VerifiedRead[] = [];
    const k = await start([...WORKFLOWS, testWorkflow(seen)]);
    await useWorkflow(k, 'test-online', 'Lan');
    expect((await k.listReaders())[0]).toMatchObject({ workflow: 'test-online', operator: 'Lan' });
    const r = await read(k, 'cccd-2021');
    expect(r.result.checks.chipDataIntact.status).toBe('pass');
    expect(r.result.checks.onlineConfirmed.status).toBe('not_performed');
    expect(r.result.verdict).toBe('not_verified');
    expect(seen).toHaveLength(0);
    expect(listEvents(k.storage.read)[0]).toMatchObject({ verdict: 'not_verified', workflow: 'test-online' });
  });

  it('its steps run on verified reads only, in order, with the counter and operator; a failing step is reported and the next still runs', async () => {
    const order: string[] = [];
    const seen: VerifiedRead[] = [];
    const steps: Workflow['afterVerifiedRead'] = [
      { name: 'fails', run: () => { order.push('fails'); throw new Error('gateway down'); } },
      { name: 'remember', run: async (r) => { order.push('remember'); seen.push(r); } },
    ];
    const k = await start([...WORKFLOWS, testWorkflow(seen, { online: false, steps })]);
    await useWorkflow(k, 'test-online', 'Lan');
    const errors: ServiceEvent[] = [];
    k.subscribe((e) => e.type === 'error' && errors.push(e));
    const bad = await read(k, 'cccd-tampered-dg13');
    expect(bad.result.verdict).toBe('not_verified');
    expect(order).toEqual([]);
    const good = await read(k, 'cccd-2021');
    expect(good.result.verdict).toBe('verified');
    expect(order).toEqual(['fails', 'remember']);
    expect(seen[0]).toMatchObject({ workflow: 'test-online', readerId: 'virtual:0', operator: 'Lan' });
    expect(seen[0]!.output.identity.idNumber).toBe(ID);
    expect(errors).toHaveLength(1);
  });

  it('its migrations run after the core, once, and stay applied across reopening', async () => {
    const seen: VerifiedRead[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'chipid-wf-'));
    const k1 = await start([...WORKFLOWS, testWorkflow(seen)], dir);
    expect(componentVersion(k1.storage.read, 'test-online')).toBe(2);
    const migrated = () => listAudit(k1.storage.read, { limit: 1000 }).filter((e) => e.action === 'schema.migrated').map((e) => e.details);
    const before = migrated();
    // core first (user_version 1..4), then the workflow's own line
    expect(before.slice(-2)).toEqual([{ component: 'test-online', from: 0, to: 1 }, { component: 'test-online', from: 1, to: 2 }]);
    expect(before.filter((d) => !('component' in d)).length).toBeGreaterThan(0);
    await k1.close();
    services.splice(services.indexOf(k1), 1);
    const k2 = await start([...WORKFLOWS, testWorkflow(seen)], dir);
    expect(componentVersion(k2.storage.read, 'test-online')).toBe(2);
    expect(listAudit(k2.storage.read, { limit: 1000 }).filter((e) => e.action === 'schema.migrated')).toHaveLength(before.length);
  });

  it('an unregistered workflow is refused and nothing is stored', async () => {
    const k = await start(WORKFLOWS);
    const { session } = await k.setFirstAdminPin(PIN);
    await expect(k.configureReader(session, 'virtual:0', { workflow: 'bank-unregistered' })).rejects.toBeInstanceOf(ChipIdError);
    expect((await k.listReaders())[0]?.workflow).toBe('verify-only');
    expect((await k.getSettings()).readers).toEqual({});
  });

  it('the registry refuses a duplicate, a bad name and a workflow that requires nothing', () => {
    const seen: VerifiedRead[] = [];
    expect(() => new WorkflowRegistry([...WORKFLOWS, ...WORKFLOWS])).toThrow(/twice/);
    expect(() => new WorkflowRegistry([...WORKFLOWS, { ...testWorkflow(seen), name: 'Bad Name' }])).toThrow(/name/);
    expect(() => new WorkflowRegistry([...WORKFLOWS, { ...testWorkflow(seen), requiredTiers: [] }])).toThrow(/requires no tier/);
    expect(() => new WorkflowRegistry([testWorkflow(seen)])).toThrow(/verify-only/);
  });

  it("its own methods run by its handlers, with the storage and the caller; a method nobody handles is refused", async () => {
    const seen: VerifiedRead[] = [];
    const calls: unknown[] = [];
    let given: unknown;
    const k = await start([
      ...WORKFLOWS,
      {
        ...testWorkflow(seen),
        handlers: ({ storage }) => {
          given = storage;
          return {
            testVisits: async (params, caller) => {
              calls.push({ params, caller });
              return { visits: 0 };
            },
          };
        },
      },
    ]);
    await expect(k.callWorkflow('testVisits', { day: '2026-12-03' }, { clientId: 'c_1', purpose: 'hospital' })).resolves.toEqual({ visits: 0 });
    expect(calls).toEqual([{ params: { day: '2026-12-03' }, caller: { clientId: 'c_1', purpose: 'hospital' } }]);
    expect(given).toBe(k.storage);
    await expect(k.callWorkflow('nobodys', {}, { clientId: 'c_1', purpose: 'hospital' })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    const twice: Workflow = { ...testWorkflow(seen), handlers: () => ({ testVisits: async () => 1 }) };
    expect(() => new WorkflowRegistry([...WORKFLOWS, twice, { ...twice, name: 'test-two' }]).handlers({ storage: k.storage })).toThrow(/handled twice/);
  });

  it('its settings section: defaults shown, a valid change stored and audited across reopening, a refused one stores nothing', async () => {
    const seen: VerifiedRead[] = [];
    const withSettings: Workflow = {
      ...testWorkflow(seen),
      settings: {
        defaults: { gatewayUrl: '', retries: 3 },
        accepts: (k, v) => (k === 'retries' ? Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 10 : typeof v === 'string'),
      },
    };
    const dir = mkdtempSync(join(tmpdir(), 'chipid-wf-'));
    const k1 = await start([...WORKFLOWS, withSettings], dir);
    expect((await k1.getSettings()).workflows?.['test-online']).toEqual({ gatewayUrl: '', retries: 3 });
    const { session } = await k1.setFirstAdminPin(PIN);
    const after = await k1.updateSettings(session, { workflows: { 'test-online': { retries: 5 } } });
    expect(after.workflows?.['test-online']).toEqual({ gatewayUrl: '', retries: 5 });
    expect(listAudit(k1.storage.read, { limit: 1000 }).filter((e) => e.action === 'setting.changed').map((e) => e.details)).toContainEqual({ key: 'test-online.retries', from: 3, to: 5 });
    const refused: Record<string, Record<string, string | number>>[] = [{ 'test-online': { retries: 11 } }, { 'test-online': { unknownKey: 'x' } }, { 'verify-only': { retries: 1 } }, { 'no-such': { retries: 1 } }];
    for (const bad of refused) {
      await expect(k1.updateSettings(session, { workflows: bad })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    }
    await k1.close();
    services.splice(services.indexOf(k1), 1);
    const k2 = await start([...WORKFLOWS, withSettings], dir);
    expect((await k2.getSettings()).workflows?.['test-online']).toEqual({ gatewayUrl: '', retries: 5 });
    // Over the API a value of the wrong kind never reaches the service.
    expect(validateSettingsPatch({ workflows: { 'test-online': { retries: { x: 1 } } } }).ok).toBe(false);
    expect(validateSettingsPatch({ workflows: { 'Bad Name': { retries: 1 } } }).ok).toBe(false);
  });
});
