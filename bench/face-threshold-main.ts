/** Entry of `npm run face:threshold` (bundled by esbuild like the other benches). */
import { main } from './face-threshold.js';

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 2;
});
