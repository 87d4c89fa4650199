import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIssuerKey } from '@carepass/credentials';
import { createCredentialIssuer, createPresentationVerifier, type CredentialIssuer, type OfferedCredential, type PresentationVerifier } from '@carepass/exchange';
import { type HandlerServer, runInMemory, startHandlerServer } from '@carepass/test-support';

// The whole story on 127.0.0.1, through the CLI: an LMS offers (carepass offer), the worker's
// reference wallet receives (wallet receive), a new employer asks and the wallet presents
// (wallet present), and the employer's outcome is a recognition report.
let dir: string;
let server: HandlerServer;
let base: string;
let issuer: CredentialIssuer;
let verifier: PresentationVerifier;
const inDir = (args: string[]) => runInMemory(args, dir);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'carepass-cli-wallet-'));
  server = await startHandlerServer();
  base = server.base;
  // The service's POST /offers, as the example service has it (authorisation left out here).
  server.use(async (request) => {
    if (request.method !== 'POST' || new URL(request.url).pathname !== '/offers') return undefined;
    const input = JSON.parse(request.body) as { achievement: Record<string, string> };
    const offer = await issuer.createOffer(input.achievement as unknown as OfferedCredential);
    return { status: 201, headers: { 'content-type': 'application/json' }, body: { offerUri: offer.uri, txCode: offer.txCode, expiresAt: offer.expiresAt } };
  });
  server.use((request) => issuer.handle(request));
  server.use((request) => verifier.handle(request));
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
