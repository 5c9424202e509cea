// Child process for outbox-crash.test.ts. Prints each line only AFTER what it reports has committed:
//   'queued <key>'    after the visit and its outbox row committed (one transaction, as the desk does it)
//   'delivered <key>' after outboxDelivered returned (the HIS acknowledged and the row is marked)
// The registry's real storage (SQLCipher, hospital migrations) in <dataDir>; the key dir comes from the parent's env.
// argv: <dataDir> <hisUrl> run <from> <count>  make visits from..from+count-1, delivering as it goes
//       <dataDir> <hisUrl> drain               deliver everything still pending, then exit
import * as fs from 'node:fs';
import { deliverDue } from '../../../../../../electron/service/workflows/hospital/his/outbox.js';
import { openHis } from './his-helpers.js';

const [dir, url, mode, fromArg, countArg] = process.argv.slice(2);
if (dir === undefined || url === undefined || (mode !== 'run' && mode !== 'drain')) {
  process.stderr.write('usage: outbox-crash-child <dataDir> <hisUrl> run <from> <count> | drain\n');
  process.exit(2);
}
const his = openHis(dir);
const store = his.store;
const say = (line: string): void => void fs.writeSync(1, `${line}\n`);
const opts = { limit: 2, onDelivered: (r: { key: string }) => say(`delivered ${r.key}`) };

async function main(): Promise<void> {
  say('ready');
  if (mode === 'run') {
    const from = Number(fromArg);
    for (let i = from; i < from + Number(countArg); i++) {
      const { key } = his.visit(i);
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
  his.close();
}

main().catch((e: unknown) => {
  process.stderr.write(`child failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
