// What every route of the service shares: problem details responses, reading a JSON body, the
// achievement a request names, and forwarding a request to a framework-neutral handler
// (@carepass/exchange's) and its answer back.
import type { ExchangeRequest, ExchangeResponse, OfferedCredential } from '@carepass/exchange';
import { isJsonObject as isObject, type JsonObject } from '@carepass/frameworks';
import type { Context } from 'hono';

/** An error that becomes a problem details response. */
export class Problem extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 413 | 422 | 429 | 500,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly extra: JsonObject = {},
  ) {
    super(detail);
  }
}

/** Where the service's problem types live. */
export const PROBLEM_BASE = 'https://w3id.org/carepass/problems/';
/** The problem details response of a {@link Problem}. */
export function problemResponse(c: Context, problem: Problem): Response {
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  // The rest of an oversized body is never read, so the connection cannot be reused: say so.
  if (problem.status === 413) headers.connection = 'close';
  if (problem.status === 401) headers['www-authenticate'] = 'Bearer';
  return c.body(JSON.stringify({ type: `${PROBLEM_BASE}${problem.slug}`, title: problem.title, status: problem.status, detail: problem.detail, ...problem.extra }), problem.status, headers);
}

/** The request body, which must be a JSON object. @throws Problem 400 otherwise. */
export async function readBody(c: Context): Promise<JsonObject> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new Problem(400, 'malformed-json', 'Malformed JSON', 'the request body is not valid JSON');
  }
  if (!isObject(body)) throw new Problem(400, 'malformed-request', 'Malformed request', 'the request body must be a JSON object');
  return body;
}

/**
 * The achievement a request asks for, as `{ "achievement": { "competency" | "framework" |
 * "microQualification": "…" }, "awardedDate"?, "validFrom"?, "validUntil"?, "evidence"? }` gives it,
 * without a subject (the issue route adds one; an offer's is the wallet's DID).
 * @throws Problem 400 unless exactly one of competency, framework or microQualification is named.
 */
export function requestedAchievement(body: JsonObject): OfferedCredential {
  const achievement = isObject(body.achievement) ? body.achievement : {};
  const awards = ['competency', 'framework', 'microQualification'].filter((name) => typeof achievement[name] === 'string');
  if (awards.length !== 1) throw new Problem(400, 'malformed-request', 'Malformed request', '"achievement" needs exactly one of competency, framework or microQualification');
  const details = Object.fromEntries((['awardedDate', 'validFrom', 'validUntil', 'evidence'] as const).filter((name) => body[name] !== undefined).map((name) => [name, body[name]]));
  return { ...achievement, ...details } as OfferedCredential;
}

/** Hands a request to a framework-neutral handler and writes its answer; 404 when it is not the handler's. */
export async function forward(c: Context, handle: (request: ExchangeRequest) => Promise<ExchangeResponse | undefined>): Promise<Response> {
  const request = c.req.raw;
  const answer = await handle({ method: request.method, url: request.url, headers: Object.fromEntries(request.headers), ...(request.method === 'POST' ? { body: await request.text() } : {}) });
  if (!answer) return problemResponse(c, new Problem(404, 'not-found', 'Not found', `no endpoint ${request.method} ${new URL(request.url).pathname}`));
  return c.body(JSON.stringify(answer.body), answer.status as 200, answer.headers);
}

/** Whether a base URL is this machine (http on 127.0.0.1 or localhost: tests and laptop demos), where the OpenID libraries may accept http. */
export const isLoopback = (url: string): boolean => url.startsWith('http://127.0.0.1') || url.startsWith('http://localhost');
