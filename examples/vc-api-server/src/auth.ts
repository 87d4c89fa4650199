// OAuth 2.0 for the service: bearer tokens (signed JWTs) with scopes on the endpoints that issue,
// change status or publish, as the VC API documents. Tokens come from the small built-in token
// endpoint (client credentials grant) or from any external authorization server named by its
// JWKS URL and issuer. Verification endpoints stay open.
import { timingSafeEqual } from 'node:crypto';
import { createLocalJWKSet, createRemoteJWKSet, exportJWK, generateKeyPair, type JWTVerifyGetKey, jwtVerify, SignJWT } from 'jose';

/** The scopes the service checks: issuing credentials, and changing or publishing their status. */
export const SCOPES = { issue: 'issue:credentials', status: 'update:credentials' } as const;

/** A client of the built-in token endpoint. */
export interface OAuthClient {
  id: string;
  secret: string;
  /** The scopes it may be given. */
  scopes: string[];
}

/** Why a request was not allowed: no or bad token (401), or a token without the scope (403). */
export class AuthError extends Error {
  constructor(
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

/** Checks a request's bearer token for a scope. */
export interface TokenVerifier {
  /** @throws AuthError 401 without a valid, unexpired token from the right issuer for this audience; 403 without the scope. */
  verify(authorization: string | undefined, scope: string): Promise<{ client: string; scopes: string[] }>;
}

/** Verifies tokens from a key set (local or remote) for one issuer and audience. */
export function createTokenVerifier(options: { keys: JWTVerifyGetKey; issuer: string; audience: string }): TokenVerifier {
  return {
    async verify(authorization, scope) {
      const match = /^Bearer ([A-Za-z0-9_.-]+)$/u.exec(authorization ?? '');
      if (!match) throw new AuthError(401, 'a bearer token is required (Authorization: Bearer …)');
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(match[1] as string, options.keys, { issuer: options.issuer, audience: options.audience, algorithms: ['EdDSA', 'ES256', 'RS256'] }));
      } catch (error) {
        const code = (error as { code?: string }).code;
        throw new AuthError(401, code === 'ERR_JWT_EXPIRED' ? 'the token has expired' : 'the token is not valid for this service');
      }
      const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
      if (!scopes.includes(scope)) throw new AuthError(403, `the token does not carry the scope ${scope}`);
      return { client: String(payload.client_id ?? payload.sub ?? ''), scopes };
    },
  };
}

/** Verifies tokens from an external authorization server, by its JWKS URL (fetched, and cached) and issuer. */
export function externalTokenVerifier(options: { jwksUrl: string; issuer: string; audience: string }): TokenVerifier {
  return createTokenVerifier({ keys: createRemoteJWKSet(new URL(options.jwksUrl)), issuer: options.issuer, audience: options.audience });
}

/** The built-in authorization server: a token endpoint for the client credentials grant, and its key set. */
export interface TokenIssuer {
  /** Answers a token request (the form fields of RFC 6749 §4.4, or HTTP Basic client authentication). */
  token(form: URLSearchParams, authorization: string | undefined): Promise<{ status: number; body: Record<string, unknown> }>;
  /** The public key set tokens are signed with (served at /oauth2/jwks). */
  jwks: { keys: object[] };
  /** A verifier for the tokens it issues. */
  verifier: TokenVerifier;
}

const same = (left: string, right: string): boolean => {
  const a = Buffer.from(left);
  const b = Buffer.from(right);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * Creates the built-in authorization server with a fresh Ed25519 signing key. `now` (milliseconds,
 * default the real clock) sets the time tokens are issued at, so a test can mint an expired token
 * without waiting.
 */
export async function createTokenIssuer(options: { issuer: string; audience: string; clients: readonly OAuthClient[]; ttlSeconds?: number; now?: () => number }): Promise<TokenIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'carepass-1', alg: 'EdDSA', use: 'sig' };
  const jwks = { keys: [jwk] };
  const ttl = options.ttlSeconds ?? 3600;
  const problem = (status: number, error: string, description: string) => ({ status, body: { error, error_description: description } });
  return {
    jwks,
    verifier: createTokenVerifier({ keys: createLocalJWKSet(jwks), issuer: options.issuer, audience: options.audience }),
    async token(form, authorization) {
      let clientId = form.get('client_id') ?? undefined;
      let secret = form.get('client_secret') ?? undefined;
      const basic = /^Basic ([A-Za-z0-9+/=]+)$/u.exec(authorization ?? '');
      if (basic) [clientId, secret] = Buffer.from(basic[1] as string, 'base64').toString('utf8').split(':').map(decodeURIComponent);
      if (form.get('grant_type') !== 'client_credentials') return problem(400, 'unsupported_grant_type', 'only the client_credentials grant is supported');
      const client = options.clients.find((candidate) => candidate.id === clientId);
      if (!client || secret === undefined || !same(client.secret, secret)) return problem(401, 'invalid_client', 'unknown client or wrong secret');
      const audience = form.get('audience');
      if (audience && audience !== options.audience) return problem(400, 'invalid_target', `tokens here are for ${options.audience}`);
      const asked = (form.get('scope') ?? '').split(' ').filter(Boolean);
      const scopes = asked.length === 0 ? client.scopes : asked;
      if (scopes.some((scope) => !client.scopes.includes(scope))) return problem(400, 'invalid_scope', `this client may have only: ${client.scopes.join(' ')}`);
      const issuedAt = Math.floor((options.now?.() ?? Date.now()) / 1000);
      const accessToken = await new SignJWT({ scope: scopes.join(' '), client_id: client.id })
        .setProtectedHeader({ alg: 'EdDSA', kid: jwk.kid })
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setSubject(client.id)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttl)
        .sign(privateKey);
      return { status: 200, body: { access_token: accessToken, token_type: 'Bearer', expires_in: ttl, scope: scopes.join(' ') } };
    },
  };
}

/** Reads clients from `id:secret:scope scope;id:secret:scope` (the OAUTH_CLIENTS variable). */
export function parseClients(text: string): OAuthClient[] {
  return text
    .split(';')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      // Scopes contain colons themselves (issue:credentials): everything after the secret is scopes.
      const [id, secret, ...rest] = entry.split(':');
      const scopes = rest.length > 0 ? rest.join(':') : undefined;
      if (!id || !secret) throw new Error(`OAUTH_CLIENTS entry "${entry.split(':')[0]}" needs id:secret:scopes`);
      return { id, secret, scopes: (scopes ?? `${SCOPES.issue} ${SCOPES.status}`).split(' ').filter(Boolean) };
    });
}
