// `npm start`: runs the service. Configuration comes from the environment:
//   PORT (default 8080), HOST (default 127.0.0.1), BASE_URL (default http://HOST:PORT),
//   DATABASE_URL (PostgreSQL) or DATABASE_FILE (SQLite, default carepass.db),
//   ISSUER_KEY_FILE (default issuer.key.json; created with mode 0600 if missing), ISSUER_NAME,
//   TRUST_REGISTRY (a trust registry file; when set, verification and recognition check trust),
//   TLS_CERT_FILE and TLS_KEY_FILE (PEM files; when both are set the service speaks https).
import { existsSync, readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { serve } from '@hono/node-server';
import { createTrustChecker, generateIssuerKey, readIssuerKeyFile, readJsonFile, writeIssuerKeyFile } from '@carepass/credentials';
import { createService } from './app.js';
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
const app = createService({ store, issuerKey, baseUrl, ...(env.ISSUER_NAME ? { issuerName: env.ISSUER_NAME } : {}), ...(checkTrust ? { checkTrust } : {}) });

const tls = env.TLS_CERT_FILE && env.TLS_KEY_FILE ? { cert: readFileSync(env.TLS_CERT_FILE), key: readFileSync(env.TLS_KEY_FILE) } : undefined;
const server = serve({ fetch: app.fetch, port, hostname: host, ...(tls ? { createServer: createHttpsServer, serverOptions: tls } : {}) }, (info) => {
  console.log(`Carepass VC API on ${tls ? 'https' : 'http'}://${host}:${info.port} (issuer ${issuerKey.controller}, ${store.kind} storage)`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close(() => void store.close().then(() => process.exit(0)));
  });
}
