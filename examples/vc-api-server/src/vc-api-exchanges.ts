// VC API exchanges on the service, the protocol of Learner Credential Wallet: an LMS opens an
// issuance exchange (`POST /workflows/issue/exchanges`, issue scope), an employer a recognition
// exchange (`POST /workflows/recognise/exchanges`); the wallet talks to the exchange URL they give
// (`protocols.vcapi`); `GET /exchanges/{id}` (issue scope) reads what it came to. Exchanges live in
// the service's database.
import type { IssuerKey } from '@carepass/credentials';
import { createVcApiExchanges, type OfferedCredential, type PresentationCheckOptions, type VcApiExchangeStore } from '@carepass/exchange';
import type { FrameworkRegistry } from '@carepass/frameworks';
import type { Context, Hono } from 'hono';

/** What the service's exchanges need. */
export interface VcApiExchangeOptions {
  baseUrl: string;
  issuerKey: IssuerKey;
  issuerName?: string;
  registry?: FrameworkRegistry;
  /** Where exchanges live: the service's database, shared by replicas. */
  store: VcApiExchangeStore;
  checks: () => Promise<PresentationCheckOptions>;
  requireIssueScope: (c: Context) => Promise<void>;
  readBody: (c: Context) => Promise<Record<string, unknown>>;
}

/** Adds the VC API exchange endpoints to the service. */
export function mountVcApiExchanges(app: Hono, options: VcApiExchangeOptions): void {
  const base = options.baseUrl.replace(/\/+$/u, '');
  const exchanges = createVcApiExchanges({
    baseUrl: `${base}/exchanges`,
    key: options.issuerKey,
    ...(options.issuerName ? { issuer: { name: options.issuerName } } : {}),
    ...(options.registry ? { registry: options.registry } : {}),
    target: 'care-certificate@2025',
    store: options.store,
    verify: options.checks,
    allowInsecureUrls: base.startsWith('http://127.0.0.1') || base.startsWith('http://localhost'),
  });
  const created = (c: Context, exchange: { id: string; exchangeUrl: string; expiresAt: string }) => c.json({ exchangeId: exchange.id, exchangeUrl: exchange.exchangeUrl, expiresAt: exchange.expiresAt, protocols: { vcapi: exchange.exchangeUrl } }, 201);

  app.post('/workflows/issue/exchanges', async (c) => {
    await options.requireIssueScope(c);
    const body = await options.readBody(c);
    const achievement = typeof body.achievement === 'object' && body.achievement !== null ? (body.achievement as Record<string, unknown>) : {};
    if (['competency', 'framework', 'microQualification'].filter((name) => typeof achievement[name] === 'string').length !== 1) {
      return c.json({ type: 'https://w3id.org/carepass/problems/malformed-request', title: 'Malformed request', status: 400, detail: '"achievement" needs exactly one of competency, framework or microQualification' }, 400, { 'content-type': 'application/problem+json' });
    }
    return created(c, await exchanges.createIssuanceExchange(achievement as OfferedCredential));
  });

  app.post('/workflows/recognise/exchanges', async (c) => {
    await options.requireIssueScope(c);
    const body = await options.readBody(c);
    return created(c, await exchanges.createPresentationExchange(typeof body.target === 'string' ? { target: body.target } : {}));
  });

  app.get('/exchanges/:id', async (c) => {
    await options.requireIssueScope(c);
    const outcome = await exchanges.outcome(c.req.param('id'));
    if (!outcome) return c.json({ type: 'https://w3id.org/carepass/problems/not-found', title: 'Not found', status: 404, detail: 'no such exchange' }, 404, { 'content-type': 'application/problem+json' });
    const { presentation: _presentation, ...shown } = outcome as typeof outcome & { presentation?: unknown };
    return c.json(shown);
  });

  app.post('/exchanges/:id', async (c) => {
    const request = c.req.raw;
    const answer = await exchanges.handle({ method: request.method, url: request.url, headers: Object.fromEntries(request.headers), body: await request.text() });
    if (!answer) return c.notFound();
    return c.body(JSON.stringify(answer.body), answer.status as 200, answer.headers);
  });
}
