/** `npm run db:remove-synthetic`: delete every synthetic (demo or benchmark) submission, and nothing else. */
import { parseEnv } from '../config';
import { setMeta } from '../queries/meta';
import { deleteSyntheticSubmissions } from '../workflows/aggregates';
import { demoSeededKey } from '../seed/demo';
import { prepareDatabase } from './prepare';

const { db, close } = await prepareDatabase(parseEnv(process.env), { seed: false });
const removed = await deleteSyntheticSubmissions(db);
// Keep the demo data from coming back on the next start.
await setMeta(db, demoSeededKey, 'removed');
close();
console.log(`removed ${removed} synthetic submissions`);
