/** `npm run db:migrate`: apply pending migrations to DATABASE_PATH. */
import { parseEnv } from '../config';
import { prepareDatabase } from './prepare';

const { close } = await prepareDatabase(parseEnv(process.env), { seed: false });
close();
console.log('migrations applied');
