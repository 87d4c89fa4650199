// Plain HTTP requests and responses, so that any server can mount the handlers, and the helpers
// that turn them into what the OpenID libraries take.
import { CarepassError } from '@carepass/frameworks';
import { Oauth2ErrorCodes, Oauth2ServerErrorResponseError } from '@openid4vc/oauth2';
import { setGlobalConfig } from '@openid4vc/utils';

/** An HTTP request as the handlers take it, from any server. */
export interface ExchangeRequest {
  method: string;
  /** The full URL (scheme, host, path and query). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** The raw body, if any. */
  body?: string;
}

/** An HTTP response as the handlers give it: write it with any server. */
export interface ExchangeResponse {
  status: number;
  headers: Record<string, string>;
  /** JSON to send. */
  body: unknown;
}

const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' };
/** A JSON response that is never cached. */
export const respond = (status: number, body: unknown, headers: Record<string, string> = {}): ExchangeResponse => ({ status, headers: { ...JSON_HEADERS, ...headers }, body });
/** An OAuth 2.0 / OpenID4VCI error response, thrown to the handler. */
export const protocolError = (error: string, description: string, status = 400) => new Oauth2ServerErrorResponseError({ error, error_description: description }, { status });

/** The request's headers as a Fetch `Headers`. */
export function headersOf(request: ExchangeRequest): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  return headers;
}

/** The request's body: a form or a JSON object. @throws an `invalid_request` error response. */
export function bodyOf(request: ExchangeRequest): Record<string, unknown> {
  const raw = request.body ?? '';
  const type = (headersOf(request).get('content-type') ?? '').split(';')[0]?.trim();
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(raw));
  if (raw.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // falls through
  }
  throw protocolError(Oauth2ErrorCodes.InvalidRequest, 'the body must be a JSON object or a form');
}


/**
 * Reads an endpoint URL option: https, or http when `allowInsecureUrls` is set (which also switches
 * off @openid4vc's https check, process-wide, for tests on 127.0.0.1).
 * @throws CarepassError `INVALID_ARGUMENT` naming the option.
 */
export function endpointUrl(value: string, option: string, allowInsecureUrls: boolean | undefined): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CarepassError('INVALID_ARGUMENT', `options.${option} must be a URL, not ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'https:' && !(allowInsecureUrls && url.protocol === 'http:')) throw new CarepassError('INVALID_ARGUMENT', `options.${option} must be https (allowInsecureUrls only for tests on 127.0.0.1)`);
  if (allowInsecureUrls) setGlobalConfig({ allowInsecureUrls: true });
  return url;
}

/** The path of a request's URL, or undefined when the URL cannot be read. */
export function pathOf(request: ExchangeRequest): string | undefined {
  try {
    return new URL(request.url).pathname;
  } catch {
    return undefined;
  }
}
