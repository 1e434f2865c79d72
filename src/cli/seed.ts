/** `npm run db:seed`: migrate, then seed programmes, demo accounts and demo data; safe to run again. */
import { parseEnv } from '../config';
import { prepareDatabase } from './prepare';

const { close, demoPassword, created } = await prepareDatabase(parseEnv(process.env), { seed: true });
close();
console.log(`seeded; new demo accounts: ${created.length ? created.join(', ') : 'none'}`);
if (demoPassword && created.length) console.log(`demo password: ${demoPassword}`);
