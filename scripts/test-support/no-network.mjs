// Test-only: traps every attempt to reach off this machine (sockets, DNS, fetch) in this process and,
// through NODE_OPTIONS, in every Node process a test starts. Loopback and local sockets still work,
// so tests can run real servers on 127.0.0.1. An attempt throws, is printed to stderr, and is
// recorded so the test run fails even if a library swallows the error.
import dns from 'node:dns';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const attempts = (globalThis.__carepassNetworkAttempts ??= []);
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);
const isLoopback = (host) => host === undefined || host === null || LOOPBACK.has(String(host).replace(/^\[|\]$/g, '')) || /^127\./.test(String(host));

function block(kind, target) {
  const message = `network access off the machine is blocked in tests: ${kind} ${target}`;
  attempts.push(message);
  process.stderr.write(`CAREPASS-NETWORK-BLOCKED ${message}\n`);
  return Object.assign(new Error(message), { code: 'ENETBLOCKED' });
}

if (!globalThis.__carepassNetworkTrapped) {
  globalThis.__carepassNetworkTrapped = true;

  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function trappedConnect(...args) {
    // net.connect passes its normalised arguments as an array: [options, callback].
    const first = Array.isArray(args[0]) ? args[0][0] : args[0];
    const options = typeof first === 'object' && first !== null ? first : typeof first === 'number' ? { port: first, host: typeof args[1] === 'string' ? args[1] : undefined } : { path: first };
    if (options.path === undefined && !isLoopback(options.host)) throw block('socket to', `${options.host}:${options.port}`);
    return connect.apply(this, args);
  };

  for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) {
    const original = dns[name];
    dns[name] = function trappedDns(host, ...rest) {
      if (name === 'lookup' && isLoopback(host)) return original.call(this, host, ...rest);
      const callback = rest.find((value) => typeof value === 'function');
      const error = block('DNS lookup of', host);
      if (callback) process.nextTick(() => callback(error));
      else throw error;
      return undefined;
    };
    const promised = dns.promises[name];
    dns.promises[name] = async function trappedDnsPromise(host, ...rest) {
      if (name === 'lookup' && isLoopback(host)) return promised.call(this, host, ...rest);
      throw block('DNS lookup of', host);
    };
  }

  const realFetch = globalThis.fetch;
  if (realFetch) {
    globalThis.fetch = async function trappedFetch(input, init) {
      const url = new URL(typeof input === 'string' || input instanceof URL ? String(input) : input.url);
      if (url.protocol === 'data:' || url.protocol === 'blob:' || isLoopback(url.hostname)) return realFetch(input, init);
      throw block('fetch of', url.href);
    };
  }

  // Node processes started by tests load this trap too.
  const self = fileURLToPath(import.meta.url);
  if (!(process.env.NODE_OPTIONS ?? '').includes(self)) process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import ${self}`.trim();
}
