/** Configuration from the environment, validated once at start with a message that names the bad variable. */
import { z } from 'zod';
import type { ScryptCost } from './domain/crypto';
import { defaultScryptCost, workersScryptCost } from './domain/crypto';
import { defaultSignInLimits, type SignInLimits } from './domain/sign-in-limits';
import type { AnswerLimits } from './domain/validation/limits';

/** What `createApp` needs to know, independent of where it runs. */
export interface AppConfig {
  bodyLimitBytes: number;
  /** A backup file of many submissions (POST /imports) may be this large. */
  importLimitBytes: number;
  sessionTtlHours: number;
  apiTokenTtlDays: number;
  secureCookies: boolean;
  /** The cost of new password hashes; older ones are re-hashed at it on sign-in. */
  scrypt: ScryptCost;
  /** Failed sign-ins allowed per account and per client address before sign-in waits. */
  signInLimits: SignInLimits;
  /**
   * The request header whose last entry is the client's address, set by a proxy in front of the app (e.g.
   * `x-forwarded-for`); unset, the connecting peer is the client. Only set it when every request comes
   * through that proxy, otherwise anyone can claim any address.
   */
  trustProxyHeader?: string;
  /** Rows below this count are hidden from sponsors so that no child can be singled out. */
  suppressionThreshold: number;
  /** What an answer may hold where the instrument is silent (see domain/validation/limits.ts). */
  answerLimits: AnswerLimits;
  /**
   * Items an import checks and stores at a time (workflows/import-slice.ts), with the same answers whatever the
   * number. Workers: 100, since D1's queries per invocation are what runs out (~7 statements a slice, ~355 for
   * 5,000 items). Node: 10, since a slice's store holds the event loop while SQLite writes it (~40 ms of
   * statements for 100 households on the 2-core development machine, ~a tenth for 10), and statements cost
   * nothing there.
   */
  importSliceItems: number;
}

const intFrom = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const envSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: intFrom(0, 65535).default(8787),
  WEB_CONCURRENCY: intFrom(1, 64).default(1),
  DATABASE_PATH: z.string().min(1).default('data/moc.sqlite'),
  MOC_DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  MOC_SEED_DEMO: z.enum(['true', 'false']).default('true'),
  BODY_LIMIT_BYTES: intFrom(1024, 50 * 1024 * 1024).default(1024 * 1024),
  IMPORT_LIMIT_BYTES: intFrom(1024, 200 * 1024 * 1024).default(20 * 1024 * 1024),
  SESSION_TTL_HOURS: intFrom(1, 24 * 90).default(12),
  API_TOKEN_TTL_DAYS: intFrom(1, 365).default(30),
  SECURE_COOKIES: z.enum(['true', 'false']).default('false'),
  SIGNIN_FAILURES_PER_ACCOUNT: intFrom(1, 1000).default(defaultSignInLimits.account.failures),
  SIGNIN_FAILURES_PER_ADDRESS: intFrom(1, 1_000_000).default(defaultSignInLimits.address.failures),
  TRUST_PROXY_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/, 'must be a header name, e.g. X-Forwarded-For')
    .transform((h) => h.toLowerCase())
    .optional(),
  SUPPRESSION_THRESHOLD: intFrom(1, 1000).default(5),
  ANSWER_MAX_PANELS: intFrom(1, 1000).default(30),
  ANSWER_TEXT_MAX_LENGTH: intFrom(1, 100_000).default(1000),
  ANSWER_COMMENT_MAX_LENGTH: intFrom(1, 100_000).default(5000),
});

export type NodeEnv = z.infer<typeof envSchema>;

/** Parses env vars; throws an Error whose message lists every bad variable and why. */
export function parseEnv(env: Record<string, string | undefined>): NodeEnv {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join('.')}=${JSON.stringify(cleaned[String(i.path[0])] ?? '')}: ${i.message}`);
  throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
}

/** `platform` picks the scrypt cost and the import slice that fit there (see domain/crypto.ts, AppConfig). */
export function appConfigFrom(env: NodeEnv, platform: 'node' | 'workers' = 'node'): AppConfig {
  return {
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    importLimitBytes: env.IMPORT_LIMIT_BYTES,
    sessionTtlHours: env.SESSION_TTL_HOURS,
    apiTokenTtlDays: env.API_TOKEN_TTL_DAYS,
    secureCookies: env.SECURE_COOKIES === 'true',
    scrypt: platform === 'node' ? defaultScryptCost : workersScryptCost,
    signInLimits: {
      account: { ...defaultSignInLimits.account, failures: env.SIGNIN_FAILURES_PER_ACCOUNT },
      address: { ...defaultSignInLimits.address, failures: env.SIGNIN_FAILURES_PER_ADDRESS },
    },
    trustProxyHeader: env.TRUST_PROXY_HEADER,
    suppressionThreshold: env.SUPPRESSION_THRESHOLD,
    answerLimits: { maxPanels: env.ANSWER_MAX_PANELS, textMaxLength: env.ANSWER_TEXT_MAX_LENGTH, commentMaxLength: env.ANSWER_COMMENT_MAX_LENGTH },
    importSliceItems: platform === 'node' ? 10 : 100,
  };
}
