// Child process of visits.test.ts: opens the hospital storage, waits for "go" on stdin (so both children
// start together), creates <count> visits of one department and day, and prints each queue number after
// createVisit (and so its commit) has returned.   argv: <dataDir> <count> <department> <day>
import * as fs from 'node:fs';
import { openStorage } from '../../../../../../electron/service/storage/index.js';
import { HOSPITAL_MIGRATIONS } from '../../../../../../electron/service/workflows/hospital/migrations/index.js';
import { createVisit } from '../../../../../../electron/service/workflows/hospital/store/index.js';

const [dataDir, count, department, day] = process.argv.slice(2);
if (dataDir === undefined || count === undefined || department === undefined || day === undefined) {
  process.stderr.write('usage: visits-child <dataDir> <count> <department> <day>\n');
  process.exit(2);
}
const job = { count: Number(count), department, day };
const s = openStorage(dataDir, {
  retention: false,
  checkpointIntervalMs: false,
  busyTimeoutMs: 60_000, // a busy test machine: wait for the other writer rather than fail
  components: [{ component: 'hospital', migrations: HOSPITAL_MIGRATIONS }],
});
const insurance = { status: 'unchecked' as const, code: null, note: null, cardCode: null, validFrom: null, validTo: null, primaryFacility: null, history: [], historyCount: 0, checkedAt: new Date().toISOString() };
fs.writeSync(1, 'ready\n');
process.stdin.setEncoding('utf8').once('data', () => void run());

async function run(): Promise<void> {
  for (let i = 0; i < job.count; i++) {
    const v = createVisit(s, { patientCccd: '001099012345', department: job.department, day: job.day, operatorId: `op_0000000${process.pid % 10}`, counter: null, identitySource: 'chip', override: null, insurance });
    fs.writeSync(1, `${v.queueNumber}\n`);
    // Bursts and short gaps: a writer that commits back to back keeps the lock from the other one, whose busy
    // handler polls with growing sleeps; a gap every other visit lets the two really take turns.
    if (i % 2 === 0) await new Promise((r) => setTimeout(r, 1));
  }
  s.close();
  process.exit(0);
}
