import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIssuerKey } from '@carepass/credentials';
import { answerPresentationRequest, receiveCredentialOffer } from '@carepass/exchange';
import { createService } from '../src/app.js';
import { createSqliteStore } from '../src/store.js';

// The whole wallet story in a browser (Debian's Chromium, headless), against the service on
// 127.0.0.1: the page offers a credential and shows its QR code, the reference wallet accepts it,
// the page asks for the worker's credentials, the wallet presents, and the page shows the report.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const missing = existsSync(CHROMIUM) ? undefined : `Chromium is not installed at ${CHROMIUM} (.ci/run installs Debian's chromium)`;

describe.skipIf(missing !== undefined)('the service\'s wallet page in headless Chromium', () => {
  let browser: Browser;
  let base: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const store = createSqliteStore(join(await mkdtemp(join(tmpdir(), 'carepass-wallet-page-')), 'carepass.db'));
    const slot: { app?: ReturnType<typeof createService> } = {};
    const server = serve({ fetch: (request) => (slot.app as ReturnType<typeof createService>).fetch(request), port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    slot.app = createService({ store, issuerKey: await generateIssuerKey(), issuerName: 'Sunrise Home Care', baseUrl: base });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    close = async () => {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => void store.close().then(() => resolve())));
    };
  }, 60_000);
  afterAll(async () => close?.());

  it('offers, is answered by the wallet, asks, and shows the recognition report, with a strict CSP', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const response = await page.goto(`${base}/wallet`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.click('#offer');
    await page.waitForSelector('#offer-result:not([hidden])');
    expect(await page.getAttribute('#offer-qr', 'src')).toMatch(/^data:image\/svg\+xml;base64,/u);
    const offerUri = (await page.textContent('#offer-uri')) as string;
    const txCode = (await page.textContent('#offer-code')) as string;
    const worker = await generateIssuerKey();
    const received = await receiveCredentialOffer({ offerUri, txCode, key: worker, fetch });
    expect(received.credentials).toHaveLength(1);

    await page.click('#request');
    await page.waitForSelector('#request-result:not([hidden])');
    const requestUri = (await page.textContent('#request-uri')) as string;
    const answered = await answerPresentationRequest({ requestUri, key: worker, credentials: received.credentials as object[], fetch });
    expect(answered.accepted).toBe(true);
    await page.locator('#request-status', { hasText: /^verified/u }).waitFor({ timeout: 15_000 });
    expect(await page.textContent('#request-status')).toContain(worker.controller);
    expect(await page.textContent('#report')).toMatch(/12 Basic life support: recognised/u);
    expect(errors).toEqual([]);
  }, 60_000);
});
