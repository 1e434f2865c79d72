/** Who is asking, for the sign-in limits: the platform's peer address, or a trusted proxy's header. */
import type { Context } from 'hono';
import { nobleScrypt } from '../domain/crypto';
import { clientAddress } from '../domain/sign-in-limits';
import type { SignInContext } from '../workflows/sign-in';
import type { AppEnv } from './env';

export function clientAddressOf(c: Context<AppEnv>): string | undefined {
  const { peerAddress, config } = c.get('deps');
  return clientAddress(peerAddress?.(c), config.trustProxyHeader ? c.req.header(config.trustProxyHeader) : undefined);
}

/** What `signIn` needs from a request. */
export function signInContext(c: Context<AppEnv>): SignInContext {
  const { db, clock, config, scrypt } = c.get('deps');
  return { db, now: clock(), config, scrypt: scrypt ?? nobleScrypt, address: clientAddressOf(c) };
}
