/**
 * `npm run db:migrate`: apply pending migrations to DATABASE_PATH and add the reference data every installation
 * needs (places, model types: seed/reference.ts; never demo programmes or accounts).
 */
import { parseEnv } from '../config';
import { prepareDatabase } from './prepare';

const { close } = await prepareDatabase(parseEnv(process.env), { seed: false });
close();
console.log('migrations applied; reference data (places, model types) present');
