import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIssuerKey } from '@carepass/credentials';
import { createCredentialIssuer, createPresentationVerifier, type CredentialIssuer, type OfferedCredential, type PresentationVerifier } from '@carepass/exchange';
import { runInMemory } from '@carepass/test-support';

// The whole story on 127.0.0.1, through the CLI: an LMS offers (carepass offer), the worker's
// reference wallet receives (wallet receive), a new employer asks and the wallet presents
// (wallet present), and the employer's outcome is a recognition report.
let dir: string;
let server: Server;
let base: string;
let issuer: CredentialIssuer;
let verifier: PresentationVerifier;
const inDir = (args: string[]) => runInMemory(args, dir);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'carepass-cli-wallet-'));
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const send = (status: number, payload: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) => response.writeHead(status, headers).end(JSON.stringify(payload));
      void (async () => {
        // The service's POST /offers, as the example service has it (authorisation left out here).
        if (request.method === 'POST' && request.url === '/offers') {
          const input = JSON.parse(body) as { achievement: Record<string, string> };
          const offer = await issuer.createOffer(input.achievement as unknown as OfferedCredential);
          return send(201, { offerUri: offer.uri, txCode: offer.txCode, expiresAt: offer.expiresAt });
        }
        const exchangeRequest = { method: request.method ?? 'GET', url: `${base}${request.url}`, headers: request.headers, body };
        const answer = (await issuer.handle(exchangeRequest)) ?? (await verifier.handle(exchangeRequest));
        if (!answer) return send(404, { error: 'not_found' });
        return send(answer.status, answer.body, answer.headers);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer = await createCredentialIssuer({ baseUrl: `${base}/oid4vci`, key: await generateIssuerKey(), issuer: { name: 'Sunrise Home Care' }, allowInsecureUrls: true });
  verifier = createPresentationVerifier({ responseUrl: `${base}/openid4vp/response`, target: 'care-certificate@2025', clientName: 'Employer B', allowInsecureUrls: true });
  await inDir(['keys', 'generate', '--out', 'worker.key.json']);
  await inDir(['keys', 'generate', '--out', 'stranger.key.json']);
  await writeFile(join(dir, 'offer.json'), JSON.stringify({ achievement: { competency: 'care-certificate@2025#12' } }));
});
afterAll(() => server.close());

describe('carepass offer, wallet receive, wallet present', () => {
  it('offers, receives into the wallet folder, and presents to a new employer, whose outcome is a recognition report', async () => {
    const offered = await inDir(['offer', '--credential', 'offer.json', '--service', base, '--json']);
    expect(offered.code, offered.stderr).toBe(0);
    const { offerUri, txCode } = JSON.parse(offered.stdout) as { offerUri: string; txCode: string };
    expect(offerUri).toMatch(/^openid-credential-offer:\/\//u);
    const human = await inDir(['offer', '--credential', 'offer.json', '--service', base]);
    expect(human.stdout).toMatch(/[█▀▄]/u);
    expect(human.stdout).toMatch(/transaction code: \d{6}/u);

    expect((await inDir(['wallet', 'receive', offerUri, '--key', 'worker.key.json', '--tx-code', '000000', '--out', 'wallet'])).code).toBe(1);
    const received = await inDir(['wallet', 'receive', offerUri, '--key', 'worker.key.json', '--tx-code', txCode, '--out', 'wallet', '--json']);
    expect(received.code, received.stderr).toBe(0);
    expect((JSON.parse(received.stdout) as { files: string[] }).files).toHaveLength(1);
    expect((await inDir(['verify', 'wallet/'])).code).toBe(0);
    // The offer is spent.
    expect((await inDir(['wallet', 'receive', offerUri, '--key', 'worker.key.json', '--tx-code', txCode, '--out', 'wallet'])).code).toBe(1);

    const request = await verifier.createRequest();
    const stranger = await inDir(['wallet', 'present', request.uri, '--key', 'stranger.key.json', 'wallet/']);
    expect(stranger.code).toBe(1);
    expect(stranger.stdout).toMatch(/refused/u);
    const again = await verifier.createRequest();
    const presented = await inDir(['wallet', 'present', again.uri, '--key', 'worker.key.json', 'wallet/', '--json']);
    expect(presented.code, presented.stdout).toBe(0);
    expect(JSON.parse(presented.stdout)).toMatchObject({ accepted: true, verifierName: 'Employer B' });
    const outcome = await verifier.outcome(again.state);
    expect(outcome?.status).toBe('verified');
    if (outcome?.status !== 'verified') throw new Error('not verified');
    expect(outcome.report.standards.find((standard) => standard.code === '12')?.status).not.toBe('gap');
  });

  it('refuses bad usage with exit 2', async () => {
    expect((await inDir(['wallet', 'receive', 'https://not-an-offer', '--key', 'worker.key.json', '--out', 'x'])).code).toBe(2);
    expect((await inDir(['wallet', 'present', 'https://not-a-request', '--key', 'worker.key.json', 'wallet/'])).code).toBe(2);
    expect((await inDir(['offer', '--credential', 'offer.json', '--service', 'not a url'])).code).toBe(2);
  });
});
