// OpenID4VP on the service: an employer creates a request (`POST /presentation-requests`, the issue
// scope), shows its QR code, the worker's wallet answers at `/openid4vp/response`, and the employer
// reads the outcome, a recognition report (`GET /presentation-requests/{state}`). Requests live in
// the service's database.
import { createPresentationVerifier, type PresentationCheckOptions, type PresentationStore } from '@carepass/exchange';
import type { FrameworkRegistry } from '@carepass/frameworks';
import type { Context, Hono } from 'hono';
import { forward, isLoopback, Problem, readBody } from './http.js';

/** What the service's presentation requests need. */
export interface Oid4vpOptions {
  baseUrl: string;
  registry?: FrameworkRegistry;
  /** Where requests and outcomes live: the service's database, shared by replicas. */
  store: PresentationStore;
  /** The verification options of `/recognitions` (strict: issuer binding, status fail closed), fresh for each answer. */
  checks: () => Promise<PresentationCheckOptions>;
  requireIssueScope: (c: Context) => Promise<void>;
}

/** Adds the OpenID4VP verifier endpoints to the service. */
export function mountOid4vp(app: Hono, options: Oid4vpOptions): void {
  const base = options.baseUrl.replace(/\/+$/u, '');
  const verifier = createPresentationVerifier({
    responseUrl: `${base}/openid4vp/response`,
    target: 'care-certificate@2025',
    clientName: 'Carepass VC API service',
    verify: options.checks,
    store: options.store,
    ...(options.registry ? { registry: options.registry } : {}),
    allowInsecureUrls: isLoopback(base),
  });

  app.post('/presentation-requests', async (c) => {
    await options.requireIssueScope(c);
    const body = await readBody(c);
    const request = await verifier.createRequest(typeof body.target === 'string' ? { target: body.target } : {});
    return c.json({ requestUri: request.uri, state: request.state, expiresAt: request.expiresAt, qrSvg: request.qrSvg }, 201);
  });

  app.get('/presentation-requests/:state', async (c) => {
    await options.requireIssueScope(c);
    const outcome = await verifier.outcome(c.req.param('state'));
    if (!outcome) throw new Problem(404, 'not-found', 'Not found', 'no such presentation request');
    // The report is the answer; the presentation's full result stays on the server.
    const { presentation: _presentation, ...shown } = outcome as typeof outcome & { presentation?: unknown };
    return c.json(shown);
  });

  app.post('/openid4vp/response', (c) => forward(c, (request) => verifier.handle(request)));
}
