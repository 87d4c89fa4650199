// Test-only: a real HTTP server on 127.0.0.1 for framework-neutral request handlers (the
// `handle(request)` functions of @carepass/exchange): each request goes to the first handler that
// answers it, and 404 otherwise. Handlers are added once the server is up, since they need its URL.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the handlers take it. */
export interface HandlerRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A handler's answer, or undefined when the request is not its. */
export type RequestHandler = (request: HandlerRequest) => Promise<{ status: number; headers: Record<string, string>; body: unknown } | undefined>;

/** A running handler server. */
export interface HandlerServer {
  /** Its URL, `http://127.0.0.1:<port>`. */
  base: string;
  /** Adds a handler, asked after those already added. */
  use(handler: RequestHandler): void;
  close(): Promise<void>;
}

/** Starts a {@link HandlerServer} on 127.0.0.1, on a free port. */
export async function startHandlerServer(): Promise<HandlerServer> {
  const handlers: RequestHandler[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        const incoming = { method: request.method ?? 'GET', url: `${base}${request.url}`, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
        for (const handler of handlers) {
          const answer = await handler(incoming);
          if (answer) return void response.writeHead(answer.status, answer.headers).end(JSON.stringify(answer.body));
        }
        response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not_found' }));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, use: (handler) => void handlers.push(handler), close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
