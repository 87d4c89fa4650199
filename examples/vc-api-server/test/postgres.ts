// Test-only: a throwaway PostgreSQL server on 127.0.0.1, started from Debian's binaries, or the one
// TEST_DATABASE_URL names. When neither is possible the tests that need it are skipped, visibly.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { createPostgresStore, createSqliteStore, type ServiceStore } from '../src/store.js';

/** A running PostgreSQL and how to stop it. */
export interface TestPostgres {
  url: string;
  stop(): Promise<void>;
}

function binDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((name) => existsSync(join(root, name, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Why PostgreSQL cannot be used here, or undefined when it can. */
export function postgresUnavailable(): string | undefined {
  if (process.env.TEST_DATABASE_URL) return undefined;
  if (!binDir()) return 'PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); .ci/run installs it from Debian\'s packages';
  const root = process.getuid?.() === 0;
  if (root && spawnSync('id', ['postgres']).status !== 0) return 'running as root and there is no postgres user to run the server as';
  return undefined;
}

/** Starts a throwaway server (or uses TEST_DATABASE_URL). */
export async function startPostgres(): Promise<TestPostgres> {
  if (process.env.TEST_DATABASE_URL) return { url: process.env.TEST_DATABASE_URL, stop: async () => undefined };
  const bin = binDir() as string;
  const dir = await mkdtemp(join(tmpdir(), 'carepass-pg-'));
  await chmod(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  // initdb and postgres refuse to run as root, so run them as the postgres user when we are root.
  const asServer = (command: string, args: string[]) => (process.getuid?.() === 0 ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, command), ...args], { stdio: 'pipe' }) : execFileSync(join(bin, command), args, { stdio: 'pipe' }));
  asServer('initdb', ['-D', data, '-U', 'carepass', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  asServer('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-o', `-p ${port} -h 127.0.0.1 -k ${dir} -c fsync=off`, 'start']);
  return {
    url: `postgres://carepass@127.0.0.1:${port}/postgres`,
    async stop() {
      try {
        asServer('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * Runs a suite once on SQLite (a fresh file) and once on PostgreSQL (a throwaway server on
 * 127.0.0.1), or says why the PostgreSQL run is skipped.
 */
export function forEachStore(suite: (kind: string, makeStore: () => Promise<ServiceStore>) => void, prefix: string): void {
  suite('SQLite', async () => createSqliteStore(join(await mkdtemp(join(tmpdir(), `${prefix}-`)), 'carepass.db')));
  const unavailable = postgresUnavailable();
  if (unavailable) {
    describe(`${prefix} (PostgreSQL)`, () => {
      it.skip(`skipped: ${unavailable}`, () => undefined);
    });
    return;
  }
  let postgres: TestPostgres | undefined;
  afterAll(async () => postgres?.stop());
  suite('PostgreSQL', async () => {
    postgres = await startPostgres();
    return createPostgresStore(postgres.url);
  });
}
