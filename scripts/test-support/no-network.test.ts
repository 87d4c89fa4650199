import { spawnSync } from 'node:child_process';
import dns from 'node:dns';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { describe, expect, it } from 'vitest';

const attempts = (globalThis as { __carepassNetworkAttempts?: string[] }).__carepassNetworkAttempts as string[];

describe('the network trap every test runs under', () => {
  it('refuses fetch, sockets and DNS off the machine, and records each attempt', async () => {
    await expect(fetch('http://93.184.216.34/')).rejects.toThrow(/blocked in tests: fetch of http:\/\/93\.184\.216\.34/u);
    expect(() => net.connect({ host: '10.1.2.3', port: 443 })).toThrow(/blocked in tests: socket to 10\.1\.2\.3:443/u);
    await expect(dns.promises.lookup('w3.org')).rejects.toThrow(/DNS lookup of w3\.org/u);
    await new Promise<void>((resolve) => dns.lookup('schema.org', (error) => {
      expect(error?.message).toMatch(/DNS lookup of schema\.org/u);
      resolve();
    }));
    expect(attempts.splice(0)).toHaveLength(4);
  });

  it('lets loopback through, so tests can run real servers on 127.0.0.1', async () => {
    const server = createServer((_request, response) => response.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    expect(await response.text()).toBe('ok');
    await new Promise((resolve) => server.close(resolve));
  });

  it('is inherited by Node processes the tests start', () => {
    const child = spawnSync(process.execPath, ['-e', 'fetch("http://93.184.216.34/").then(() => process.exit(0), (e) => { console.log(e.message); process.exit(3); })'], { encoding: 'utf8' });
    expect(child.status).toBe(3);
    expect(child.stdout).toContain('blocked in tests');
  });
});
