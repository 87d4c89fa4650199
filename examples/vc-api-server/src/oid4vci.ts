// OpenID4VCI on the service: `POST /offers` (the issue scope) creates an offer of a Carepass
// achievement for a worker's wallet; everything under `/oid4vci` is the issuer the wallet talks to
// (@carepass/exchange). Offers, nonces and used tokens live in the service's database, so any
// replica can answer the wallet.
import type { IssuerKey } from '@carepass/credentials';
import { createCredentialIssuer, type CredentialIssuer, type ExchangeStore } from '@carepass/exchange';
import type { FrameworkRegistry } from '@carepass/frameworks';
import type { Context, Hono } from 'hono';
import { forward, isLoopback, readBody, requestedAchievement } from './http.js';

/** What the service's issuance needs. */
export interface Oid4vciOptions {
  baseUrl: string;
  issuerKey: IssuerKey;
  issuerName?: string;
  registry?: FrameworkRegistry;
  /** Where offers, nonces and used tokens live: the service's database, shared by replicas. */
  store: ExchangeStore;
  /** Checks the caller may issue (the service's OAuth scope check); throws to refuse. */
  requireIssueScope: (c: Context) => Promise<void>;
}

/** Adds `POST /offers` and the OpenID4VCI endpoints under `/oid4vci` to the service. */
export function mountOid4vci(app: Hono, options: Oid4vciOptions): void {
  const issuerUrl = `${options.baseUrl.replace(/\/+$/u, '')}/oid4vci`;
  let issuer: Promise<CredentialIssuer> | undefined;
  const issuerOf = () =>
    (issuer ??= createCredentialIssuer({
      baseUrl: issuerUrl,
      key: options.issuerKey,
      ...(options.issuerName ? { issuer: { name: options.issuerName } } : {}),
      ...(options.registry ? { registry: options.registry } : {}),
      store: options.store,
      // A service on http://127.0.0.1 (tests, a laptop demo) only; production is https.
      allowInsecureUrls: isLoopback(issuerUrl),
    }));

  app.post('/offers', async (c) => {
    await options.requireIssueScope(c);
    const body = await readBody(c);
    const offered = requestedAchievement(body);
    const format = body.format === 'jwt_vc_json' ? 'jwt_vc_json' : 'ldp_vc';
    const offer = await (await issuerOf()).createOffer(offered, { format });
    return c.json({ offerUri: offer.uri, txCode: offer.txCode, expiresAt: offer.expiresAt, qrSvg: offer.qrSvg }, 201);
  });

  app.all('/oid4vci/*', async (c) => forward(c, async (request) => (await issuerOf()).handle(request)));
}
