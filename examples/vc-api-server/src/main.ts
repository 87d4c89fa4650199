// `npm start`: runs the service. Configuration comes from the environment:
//   PORT (default 8080), HOST (default 127.0.0.1), BASE_URL (default http://HOST:PORT),
//   DATABASE_URL (PostgreSQL) or DATABASE_FILE (SQLite, default carepass.db),
//   ISSUER_KEY_FILE (default issuer.key.json; created with mode 0600 if missing), ISSUER_NAME,
//   TRUST_REGISTRY (a trust registry file; when set, verification and recognition check trust),
//   TLS_CERT_FILE and TLS_KEY_FILE (PEM files; when both are set the service speaks https),
//   OAuth 2.0 for issuing, status changes and publishing (one of, required):
//     OAUTH_CLIENTS (`id:secret:scope scope;…`: the built-in token endpoint at /oauth2/token), or
//     OAUTH_JWKS_URL and OAUTH_ISSUER (an external authorization server), or AUTH=none (no auth:
//     only behind a gateway that does it); OAUTH_AUDIENCE (default BASE_URL),
//   RATE_LIMIT (requests per minute from one address; default none).
import { existsSync, readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { serve } from '@hono/node-server';
import { createTrustChecker, generateIssuerKey, readIssuerKeyFile, readJsonFile, writeIssuerKeyFile } from '@carepass/credentials';
import { createService } from './app.js';
import { createTokenIssuer, externalTokenVerifier, parseClients } from './auth.js';
import { storeFromEnvironment } from './store.js';

const env = process.env;
const port = Number(env.PORT ?? 8080);
const host = env.HOST ?? '127.0.0.1';
const baseUrl = env.BASE_URL ?? `http://${host}:${port}`;
if (!/^https?:\/\/[^/]/u.test(baseUrl)) {
  console.error(`BASE_URL must be the http(s) URL the service is reached at (it goes into every status list URL), not "${baseUrl}"`);
  process.exit(2);
}
const keyFile = env.ISSUER_KEY_FILE ?? 'issuer.key.json';
if (!existsSync(keyFile)) await writeIssuerKeyFile(keyFile, await generateIssuerKey());
const issuerKey = await readIssuerKeyFile(keyFile);
const store = await storeFromEnvironment(env);
const checkTrust = env.TRUST_REGISTRY ? await createTrustChecker({ registries: [(await readJsonFile(env.TRUST_REGISTRY)) as object] }) : undefined;
const audience = env.OAUTH_AUDIENCE ?? baseUrl;
let auth: Parameters<typeof createService>[0]['auth'];
if (env.OAUTH_JWKS_URL && env.OAUTH_ISSUER) auth = { verifier: externalTokenVerifier({ jwksUrl: env.OAUTH_JWKS_URL, issuer: env.OAUTH_ISSUER, audience }) };
else if (env.OAUTH_CLIENTS) {
  const tokenIssuer = await createTokenIssuer({ issuer: baseUrl, audience, clients: parseClients(env.OAUTH_CLIENTS) });
  auth = { verifier: tokenIssuer.verifier, tokenIssuer };
} else if (env.AUTH !== 'none') {
  console.error('set OAUTH_CLIENTS (built-in token endpoint), or OAUTH_JWKS_URL and OAUTH_ISSUER (external authorization server), or AUTH=none to run without authentication behind a gateway');
  process.exit(2);
}
const rateLimit = env.RATE_LIMIT ? { requests: Number(env.RATE_LIMIT), windowSeconds: 60 } : undefined;
if (rateLimit && !(Number.isInteger(rateLimit.requests) && rateLimit.requests > 0)) {
  console.error(`RATE_LIMIT must be a whole number of requests per minute, not "${env.RATE_LIMIT}"`);
  process.exit(2);
}
const app = createService({ store, issuerKey, baseUrl, ...(env.ISSUER_NAME ? { issuerName: env.ISSUER_NAME } : {}), ...(checkTrust ? { checkTrust } : {}), ...(auth ? { auth } : {}), ...(rateLimit ? { rateLimit } : {}) });

const tls = env.TLS_CERT_FILE && env.TLS_KEY_FILE ? { cert: readFileSync(env.TLS_CERT_FILE), key: readFileSync(env.TLS_KEY_FILE) } : undefined;
const server = serve({ fetch: app.fetch, port, hostname: host, ...(tls ? { createServer: createHttpsServer, serverOptions: tls } : {}) }, (info) => {
  console.log(`Carepass VC API on ${tls ? 'https' : 'http'}://${host}:${info.port} (issuer ${issuerKey.controller}, ${store.kind} storage, ${auth ? (auth.tokenIssuer ? 'OAuth 2.0 with the built-in token endpoint' : 'OAuth 2.0 with an external authorization server') : 'no authentication'})`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close(() => void store.close().then(() => process.exit(0)));
  });
}
