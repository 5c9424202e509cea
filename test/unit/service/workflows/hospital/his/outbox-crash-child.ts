// Child process for outbox-crash.test.ts. Prints each line only AFTER what it reports has committed:
//   'queued <key>'    after enqueueOutbox returned (the row is in the SQLite file)
//   'delivered <key>' after outboxDelivered returned (the HIS acknowledged and the row is marked)
// argv: <dbFile> <hisUrl> run <from> <count>   queue visits from..from+count-1, delivering as it goes
//       <dbFile> <hisUrl> drain                deliver everything still pending, then exit
import * as fs from 'node:fs';
import { visitBundle } from '../../../../../../electron/service/workflows/hospital/his/fhir.js';
import { deliverDue, enqueueBundle } from '../../../../../../electron/service/workflows/hospital/his/outbox.js';
import { DEPT, HOSPITAL, samplePatient, sampleVisit, sqliteOutbox, visitIdOf } from './his-helpers.js';

const [file, url, mode, fromArg, countArg] = process.argv.slice(2);
if (file === undefined || url === undefined || (mode !== 'run' && mode !== 'drain')) {
  process.stderr.write('usage: outbox-crash-child <dbFile> <hisUrl> run <from> <count> | drain\n');
  process.exit(2);
}
const store = sqliteOutbox(file);
const say = (line: string): void => void fs.writeSync(1, `${line}\n`);
const opts = { limit: 2, onDelivered: (r: { key: string }) => say(`delivered ${r.key}`) };

async function main(): Promise<void> {
  say('ready');
  if (mode === 'run') {
    const from = Number(fromArg);
    for (let i = from; i < from + Number(countArg); i++) {
      const v = sampleVisit({ visitId: visitIdOf(i), queueNumber: i + 1, queueLabel: `A${String((i % 999) + 1).padStart(3, '0')}` });
      const { key } = enqueueBundle(store, v.visitId, visitBundle(samplePatient(), v, DEPT, HOSPITAL));
      say(`queued ${key}`);
      await deliverDue(store, url, Date.now(), opts);
    }
  }
  // The fake HIS of this test does not fail, so nothing is backed off: every pending row is due now.
  for (let guard = 0; store.outboxStatus().pending > 0; guard++) {
    if (guard > 10_000) throw new Error('drain does not progress');
    await deliverDue(store, url, Date.now(), opts);
  }
  say('done');
  store.close();
}

main().catch((e: unknown) => {
  process.stderr.write(`child failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
