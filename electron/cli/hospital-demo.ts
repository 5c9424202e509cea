/**
 * The hospital workflow in demo mode (chipid serve --demo): a morning at the counter on one machine, with no
 * outside service. Starts the local fakes on 127.0.0.1 — the insurance gateway (its documented contract,
 * answering for the virtual cards' people), a network ticket printer (each job kept as a file under
 * <data>/demo-printer/) and an HIS receiver — and points the service at them through the environment (as an
 * unattended install would be configured). Seeds three departments and two demo operators when there are
 * none. Demo operators' PINs are printed: they open nothing but this demo data directory.
 */
import { join } from 'node:path';
import { startFakeGateway, DEMO_CARDS } from '../devkit/bhyt-fake.js';
import { startFakePrinter } from '../devkit/fake-printer.js';
import { startFakeHis } from '../devkit/fake-his.js';
import { openStorage } from '../service/storage/index.js';
import { WORKFLOWS, WorkflowRegistry } from '../service/workflows/index.js';
import { listDepartments, saveDepartment } from '../service/workflows/hospital/store/index.js';
import { addOperator, listOperators } from '../service/operators.js';

export const DEMO_GATEWAY = { username: 'demo-bv', password: 'demo-password' } as const;
export const DEMO_OPERATORS = [
  { name: 'Lê Thị Tiếp Đón', cccd: '001190000123', role: 'reception', pin: '482615' },
  { name: 'Trần Văn Giám Sát', cccd: '001185000456', role: 'supervisor', pin: '739204' },
] as const;
const DEMO_DEPARTMENTS = [
  { code: 'K01', name: 'Khám Nội', prefix: 'A', active: true },
  { code: 'K02', name: 'Khám Ngoại', prefix: 'B', active: true },
  { code: 'K03', name: 'Khám Nhi', prefix: 'C', active: true },
];

export interface HospitalDemo {
  env: Record<string, string>;
  operators: { id: string; name: string; role: string; pin: string }[];
  lines: string[];
  close(): Promise<void>;
}

export async function startHospitalDemo(dataDir: string): Promise<HospitalDemo> {
  const gateway = await startFakeGateway({ ...DEMO_GATEWAY, cards: DEMO_CARDS });
  const printer = await startFakePrinter({ dir: join(dataDir, 'demo-printer') });
  const his = await startFakeHis();
  const operators = await seed(dataDir);
  return {
    env: { CHIPID_BHYT_URL: gateway.url, CHIPID_BHYT_USERNAME: DEMO_GATEWAY.username, CHIPID_BHYT_PASSWORD: DEMO_GATEWAY.password, CHIPID_TICKET_PRINTER: printer.url, CHIPID_HIS_WEBHOOK: his.url },
    operators,
    lines: [
      `Demo hospital: insurance gateway fake ${gateway.url}, ticket printer fake ${printer.url} (jobs in ${join(dataDir, 'demo-printer')}), HIS receiver ${his.url}`,
      ...operators.map((o) => `  demo operator ${o.id} ${o.role}: ${o.name}, PIN ${o.pin}`),
    ],
    close: async () => {
      await Promise.allSettled([gateway.close(), printer.close(), his.close()]);
    },
  };
}

/** Departments and operators for an empty demo data directory; the demo operators as they are now. */
async function seed(dataDir: string): Promise<HospitalDemo['operators']> {
  const registry = new WorkflowRegistry(WORKFLOWS);
  const s = openStorage(dataDir, { retention: false, checkpointIntervalMs: false, components: registry.migrations() });
  try {
    if (listDepartments(s).length === 0) for (const d of DEMO_DEPARTMENTS) saveDepartment(s, d, 'demo');
    const have = listOperators(s);
    const out: HospitalDemo['operators'] = [];
    for (const o of DEMO_OPERATORS) {
      const found = have.find((h) => h.name === o.name && h.role === o.role);
      const v = found ?? (await addOperator(s, { name: o.name, cccd: o.cccd, role: o.role, pin: o.pin }, 'demo'));
      out.push({ id: v.id, name: v.name, role: v.role, pin: o.pin });
    }
    return out;
  } finally {
    s.close();
  }
}
