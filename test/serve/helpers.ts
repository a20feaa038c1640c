// The server of `reports serve` in this process: its Hono app answers requests without a port.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { createEnv } from '../../src/index.js';
import { cookieName, createServer, type ServeOptions, type Server } from '../../src/serve/app.js';
import { copyArchive } from '../helpers.js';

export const TOKEN = 'test-token-0123456789';
export const HOST = '127.0.0.1:8737';
export const ORIGIN = `http://${HOST}`;

export interface Served {
  server: Server;
  archive: string;
  /** A request as a browser or script would send it: the Host header, and the token as a Bearer unless `auth` says otherwise. */
  req(pathname: string, init?: RequestInit & { auth?: 'bearer' | 'cookie' | 'none'; host?: string }): Promise<Response>;
  json(pathname: string, body: unknown, init?: RequestInit & { auth?: 'bearer' | 'cookie' | 'none' }): Promise<Response>;
  close(): void;
}

/** A server over a temp copy of a fixture archive (or the bundled one), without a record cache unless given one. */
export function served(opts: Partial<ServeOptions> & { fixture?: string; archive?: string; cache?: string | false } = {}): Served {
  const archive = opts.archive ?? copyArchive(opts.fixture ?? 'archive');
  const env = createEnv({ archive, cache: opts.cache ?? false, now: () => new Date('2026-12-07T10:00:00Z') });
  const server = createServer(env, { token: TOKEN, write: false, hosts: [HOST, 'localhost:8737'], ...opts });
  const req: Served['req'] = (pathname, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('host', init.host ?? HOST);
    if ((init.auth ?? 'bearer') === 'bearer') headers.set('authorization', `Bearer ${TOKEN}`);
    if (init.auth === 'cookie') headers.set('cookie', `${cookieName(init.host ?? HOST)}=${TOKEN}`);
    return Promise.resolve(server.app.request(`http://${init.host ?? HOST}${pathname}`, { ...init, headers }));
  };
  return {
    server,
    archive,
    req,
    json: (pathname, body, init = {}) =>
      req(pathname, { method: 'POST', ...init, body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) } }),
    close: () => {
      server.close();
      if (!opts.archive) rmSync(path.dirname(archive), { recursive: true, force: true });
    },
  };
}
