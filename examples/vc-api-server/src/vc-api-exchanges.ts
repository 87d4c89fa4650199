// VC API exchanges on the service, the protocol of Learner Credential Wallet: an LMS opens an
// issuance exchange (`POST /workflows/issue/exchanges`, issue scope), an employer a recognition
// exchange (`POST /workflows/recognise/exchanges`); the wallet talks to the exchange URL they give
// (`protocols.vcapi`); `GET /exchanges/{id}` (issue scope) reads what it came to. Exchanges live in
// the service's database.
import type { IssuerKey } from '@carepass/credentials';
import { createVcApiExchanges, type PresentationCheckOptions, type VcApiExchangeStore } from '@carepass/exchange';
import type { FrameworkRegistry } from '@carepass/frameworks';
import type { Context, Hono } from 'hono';
import { forward, isLoopback, Problem, readBody, requestedAchievement } from './http.js';

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
    allowInsecureUrls: isLoopback(base),
  });
  const created = (c: Context, exchange: { id: string; exchangeUrl: string; expiresAt: string }) => c.json({ exchangeId: exchange.id, exchangeUrl: exchange.exchangeUrl, expiresAt: exchange.expiresAt, protocols: { vcapi: exchange.exchangeUrl } }, 201);

  app.post('/workflows/issue/exchanges', async (c) => {
    await options.requireIssueScope(c);
    return created(c, await exchanges.createIssuanceExchange(requestedAchievement(await readBody(c))));
  });

  app.post('/workflows/recognise/exchanges', async (c) => {
    await options.requireIssueScope(c);
    const body = await readBody(c);
    return created(c, await exchanges.createPresentationExchange(typeof body.target === 'string' ? { target: body.target } : {}));
  });

  app.get('/exchanges/:id', async (c) => {
    await options.requireIssueScope(c);
    const outcome = await exchanges.outcome(c.req.param('id'));
    if (!outcome) throw new Problem(404, 'not-found', 'Not found', 'no such exchange');
    const { presentation: _presentation, ...shown } = outcome as typeof outcome & { presentation?: unknown };
    return c.json(shown);
  });

  app.post('/exchanges/:id', (c) => forward(c, (request) => exchanges.handle(request)));
}
