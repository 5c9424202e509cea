/**
 * The bank workflow in demo mode (chipid serve --demo): a teller and a supervisor seeded when absent, their
 * PINs printed (they open nothing but this demo data directory), and the face model loaded in the background
 * so the first customer does not wait for it. Tap the virtual card (person A, 001099012345) at a bank counter
 * and point the camera at a face video (`chipid face video --person A --script challenge --out A.y4m`, for
 * Chromium's fake camera). The police confirmation service (C06) stays off: the demo has no fake of it here.
 */
import { openStorage } from '../service/storage/index.js';
import { WORKFLOWS, WorkflowRegistry } from '../service/workflows/index.js';
import { addOperator, listOperators } from '../service/operators.js';
import { nodeFaceEngine } from '../service/face-node.js';

export const BANK_DEMO_OPERATORS = [
  { name: 'Phạm Thu Giao Dịch', cccd: '001192000789', role: 'reception', pin: '526184' },
  { name: 'Hoàng Minh Kiểm Soát', cccd: '001186000321', role: 'supervisor', pin: '917362' },
] as const;

export interface BankDemo {
  operators: { id: string; name: string; role: string; pin: string }[];
  lines: string[];
}

export async function startBankDemo(dataDir: string): Promise<BankDemo> {
  const registry = new WorkflowRegistry(WORKFLOWS);
  const s = openStorage(dataDir, { retention: false, checkpointIntervalMs: false, components: registry.migrations() });
  const operators: BankDemo['operators'] = [];
  try {
    const have = listOperators(s);
    for (const o of BANK_DEMO_OPERATORS) {
      const found = have.find((h) => h.name === o.name && h.role === o.role);
      const v = found ?? (await addOperator(s, { name: o.name, cccd: o.cccd, role: o.role, pin: o.pin }, 'demo'));
      operators.push({ id: v.id, name: v.name, role: v.role, pin: o.pin });
    }
  } finally {
    s.close();
  }
  // Loaded once per process; a failure is reported by bankStatus and retried on first use.
  nodeFaceEngine().catch(() => undefined);
  return {
    operators,
    lines: [
      'Demo bank: tap the virtual card 001099012345 at a counter with workflow bank; a camera video of its holder: chipid face video --person A --script challenge --out A.y4m',
      ...operators.map((o) => `  demo ${o.role === 'supervisor' ? 'supervisor' : 'teller'} ${o.id}: ${o.name}, PIN ${o.pin}`),
    ],
  };
}
