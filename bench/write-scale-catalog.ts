/**
 * npx tsx bench/write-scale-catalog.ts DIR INSTANCES: the bench catalog (bench/scale.ts) as
 * DIR/slos/index.ts, for scripts/output-identity.sh.
 */
import { writeScaleCatalog } from './scale.js';

const [dir, instances] = process.argv.slice(2);
if (!dir || !/^\d+0$/.test(instances ?? '')) {
  console.error('usage: npx tsx bench/write-scale-catalog.ts DIR INSTANCES (a multiple of 10)');
  process.exit(2);
}
console.log(writeScaleCatalog(dir, Number(instances)));
