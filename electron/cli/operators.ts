/**
 * chipid operators add|list|disable|enable|set-pin: the counter operators of this data directory. A PIN is
 * read from CHIPID_OPERATOR_PIN (unattended installs), else from stdin (one line, for scripts) or asked twice
 * at a TTY without echo — never from the command line, where every user could read it in the process list.
 * The list shows the last 4 digits of each CCCD only. Every change is audited (actor 'cli'); the account that
 * owns the data directory is trusted with operators as it is with the admin PIN.
 */
import { parse } from './args.js';
import { readNewPin } from './admin.js';
import { ChipIdError } from '../emrtd/errors.js';
import { dataDir } from '../service/paths.js';
import { openStorage, type Storage } from '../service/storage/index.js';
import { OperatorError } from '../service/operator-errors.js';
import { ADMIN_OPERATOR_ID, addOperator, getOperator, listOperators, setOperatorActive, setOperatorPin, type OperatorView, type Role } from '../service/operators.js';

const USAGE =
  'usage: chipid operators add --name NAME --cccd 12DIGITS --role reception|supervisor|admin [--json] | operators list [--json] | operators disable ID | operators enable ID | operators set-pin ID';
const ACTOR = 'cli';

async function withStorage<T>(f: (s: Storage) => T | Promise<T>): Promise<T> {
  const s = openStorage(dataDir().root, { retention: false, checkpointIntervalMs: false });
  try {
    return await f(s);
  } finally {
    s.close();
  }
}

function newPin(): Promise<string> {
  const fromEnv = process.env.CHIPID_OPERATOR_PIN;
  if (fromEnv !== undefined && fromEnv !== '') return Promise.resolve(fromEnv.trim());
  return readNewPin('Mã PIN nhân viên mới / New operator PIN (4–12 digits): ');
}

function line(o: OperatorView): string {
  return `${o.id}  ${o.name}  ${o.role}  ${o.cccdLast4 === '' ? '—' : `…${o.cccdLast4}`}  ${o.active ? 'active' : 'disabled'}\n`;
}

function oneId(positionals: string[]): string {
  const id = positionals[0];
  if (id === undefined || positionals.length !== 1) throw new ChipIdError('KEY_INVALID', USAGE);
  return id;
}

export async function cmdOperators(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parse(rest, { name: { type: 'string' }, cccd: { type: 'string' }, role: { type: 'string' }, json: { type: 'boolean' } });
  const out = (json: unknown, text: string): void => void process.stdout.write(values.json ? JSON.stringify(json) + '\n' : text);
  switch (sub) {
    case 'add': {
      const { name, cccd, role } = values;
      if (name === undefined || cccd === undefined || role === undefined) throw new ChipIdError('KEY_INVALID', USAGE);
      if (positionals.length > 0) throw new ChipIdError('KEY_INVALID', 'the PIN is read from CHIPID_OPERATOR_PIN, stdin or the terminal, never from the command line');
      const pin = await newPin();
      const o = await withStorage((s) => addOperator(s, { name, cccd, role: role as Role, pin }, ACTOR));
      out({ operator: o }, `Đã thêm nhân viên ${o.id} (${o.role}). / Operator ${o.id} added (${o.role}).\n`);
      return 0;
    }
    case 'list': {
      const list = await withStorage((s) => listOperators(s));
      out({ operators: list }, list.length > 0 ? list.map(line).join('') : 'Chưa có nhân viên. / No operators yet.\n');
      return 0;
    }
    case 'disable':
    case 'enable': {
      const id = oneId(positionals);
      await withStorage((s) => setOperatorActive(s, id, sub === 'enable', ACTOR));
      const done = sub === 'enable' ? ['Đã mở lại', 'enabled'] : ['Đã khóa', 'disabled'];
      out({ id, active: sub === 'enable' }, `${done[0]} nhân viên ${id}. / Operator ${id} ${done[1]}.\n`);
      return 0;
    }
    case 'set-pin': {
      const id = oneId(positionals);
      // Refused before the PIN is typed: the admin operator (its PIN is the admin PIN) and unknown ids.
      if (id === ADMIN_OPERATOR_ID) throw new OperatorError('OPERATOR_ADMIN_FIXED', 'the admin operator is the admin PIN');
      if ((await withStorage((s) => getOperator(s, id))) === undefined) throw new OperatorError('OPERATOR_UNKNOWN', 'no such operator');
      const pin = await newPin();
      await withStorage((s) => setOperatorPin(s, id, pin, ACTOR));
      out({ id, pin: 'set' }, `Đã đặt mã PIN mới cho ${id}. / New PIN set for ${id}.\n`);
      return 0;
    }
    default:
      throw new ChipIdError('KEY_INVALID', USAGE);
  }
}
