/** Child process of db-node.test.ts: four concurrent chains of writes (single rows and batches) into a shared file. */
import { atomically } from '../../src/db';
import { openNodeDb } from '../../src/db-node';
import { setMeta } from '../../src/queries/meta';

const [path, tag, count] = process.argv.slice(2);
const { db, close } = await openNodeDb(path);
await Promise.all(
  [0, 1, 2, 3].map(async (chain) => {
    for (let i = chain; i < Number(count); i += 4) {
      await setMeta(db, `${tag}-${i}`, 'single');
      if (i % 10 === 0) await atomically(db, [setMeta(db, `${tag}-batch-${i}-a`, 'a'), setMeta(db, `${tag}-batch-${i}-b`, 'b')]);
    }
  }),
);
close();
