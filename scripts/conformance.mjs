#!/usr/bin/env node
// `npm run test:conformance`: runs the W3C and W3C-CCG VC test suites against the example VC API
// service, as an integrator would, and writes docs/conformance.md in the style of an
// implementation report.
//
// The suites are third-party code and stay outside this repository: they are taken from
// CAREPASS_CONFORMANCE_DIR, or from ../shared/conformance beside the repository. They are copied to
// a scratch folder (keyed by their pinned VERSIONS, so a second run reuses the install) and
// installed there. The service is started on 127.0.0.1 over https with a throwaway self-signed
// certificate and a fresh database, and stopped at the end. Nothing reaches off the machine: the
// suites' own list of public implementations is replaced by a local configuration.
//
// Exit 0 when every suite ran with no failure; 1 when a test failed; 2 when it could not run. When
// the suites are not found it says so and exits 0 (a clone on its own has no suites to run).
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { clearTimeout, setTimeout } from 'node:timers';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REPORT = join(ROOT, 'docs', 'conformance.md');
const SERVICE = join(ROOT, 'examples', 'vc-api-server', 'dist', 'main.js');

/** The six suites, what each tests, and the tags that select Carepass's endpoints in it. */
export const SUITES = [
  { name: 'vc-di-eddsa-test-suite', title: 'Data Integrity EdDSA (eddsa-rdfc-2022, eddsa-jcs-2022)' },
  { name: 'vc-data-model-2.0-test-suite', title: 'VC Data Model 2.0' },
  { name: 'vc-api-issuer-test-suite', title: 'VC API: issuer' },
  { name: 'vc-api-verifier-test-suite', title: 'VC API: verifier' },
  { name: 'vc-bitstring-status-list-test-suite', title: 'Bitstring Status List' },
  { name: 'vc-di-ed25519signature2020-test-suite', title: 'Data Integrity Ed25519Signature2020' },
];

const log = (message) => process.stderr.write(`conformance: ${message}\n`);

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** The OAuth 2.0 client the suites use for the endpoints that need a token (its secret is in this environment variable). */
const CLIENT = { id: 'carepass-conformance', secretVariable: 'CAREPASS_CONFORMANCE_CLIENT_SECRET', scopes: ['issue:credentials', 'update:credentials'] };

/** The local implementation configuration the suites read from `localConfig.cjs`. */
export function localConfig({ baseUrl, issuerId }) {
  const verifierTags = ['vc-api', 'vc2.0', 'eddsa-rdfc-2022', 'eddsa-jcs-2022', 'Ed25519Signature2020', 'BitstringStatusList'];
  const issuerTags = ['vc-api', 'vc2.0', 'eddsa-rdfc-2022', 'BitstringStatusList'];
  return {
    settings: { enableInteropTests: false, testAllImplementations: false },
    implementations: [
      {
        name: 'Carepass',
        implementation: 'Carepass VC API (examples/vc-api-server)',
        // Client credentials against the service's built-in token endpoint, as the VC API documents.
        oauth2: { clientId: CLIENT.id, clientSecret: CLIENT.secretVariable, tokenAudience: baseUrl, tokenEndpoint: `${baseUrl}/oauth2/token`, scopes: CLIENT.scopes },
        issuers: [
          { id: issuerId, endpoint: `${baseUrl}/credentials/issue`, tags: issuerTags, supports: { vc: ['1.1', '2.0'] } },
          // The same endpoint, asked for eddsa-jcs-2022 proofs through the issue options.
          { id: issuerId, endpoint: `${baseUrl}/credentials/issue`, tags: ['eddsa-jcs-2022'], options: { cryptosuite: 'eddsa-jcs-2022' }, supports: { vc: ['1.1', '2.0'] } },
        ],
        verifiers: [{ id: `${baseUrl}/verifier`, endpoint: `${baseUrl}/credentials/verify`, tags: verifierTags, supports: { vc: ['1.1', '2.0'] } }],
        vpVerifiers: [{ id: `${baseUrl}/verifier`, endpoint: `${baseUrl}/presentations/verify`, tags: ['vc-api', 'vc2.0'], supports: { vc: ['1.1', '2.0'] } }],
        setStatusLists: [{ id: `${baseUrl}/status`, endpoint: `${baseUrl}/credentials/status`, tags: ['BitstringStatusList'] }],
        publishStatusLists: [{ id: `${baseUrl}/status`, endpoint: `${baseUrl}/status-lists`, tags: ['BitstringStatusList'] }],
      },
    ],
  };
}

/** Copies the suites to a scratch folder and installs them there, once per pinned set. */
function prepare(source) {
  const versions = readFileSync(join(source, 'VERSIONS'), 'utf8');
  const scratch = join(tmpdir(), 'carepass-conformance', createHash('sha256').update(versions).digest('hex').slice(0, 12));
  const marker = join(scratch, '.installed');
  if (existsSync(marker)) return scratch;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  cpSync(join(source, 'deps'), join(scratch, 'deps'), { recursive: true });
  for (const { name } of SUITES) {
    log(`installing ${name} (once per pinned set, in ${scratch})`);
    cpSync(join(source, name), join(scratch, name), { recursive: true });
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: join(scratch, name), stdio: ['ignore', 'ignore', 'inherit'] });
  }
  writeFileSync(marker, versions);
  return scratch;
}

/** Starts the example service over https on a free port, with a fresh database and key. */
async function startService(work) {
  const port = await freePort();
  const cert = join(work, 'cert.pem');
  const key = join(work, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  const baseUrl = `https://127.0.0.1:${port}`;
  const secret = createHash('sha256').update(`${process.pid}:${Date.now()}:${Math.random()}`).digest('hex');
  process.env[CLIENT.secretVariable] = secret;
  const env = { ...process.env, OAUTH_CLIENTS: `${CLIENT.id}:${secret}:${CLIENT.scopes.join(' ')}`, PORT: String(port), HOST: '127.0.0.1', BASE_URL: baseUrl, DATABASE_FILE: join(work, 'service.db'), ISSUER_KEY_FILE: join(work, 'issuer.key.json'), ISSUER_NAME: 'Carepass conformance issuer', TLS_CERT_FILE: cert, TLS_KEY_FILE: key };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [SERVICE], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`the service did not start in 20 s:\n${output}`)), 20_000);
    const watch = (chunk) => {
      output += chunk;
      if (output.includes('Carepass VC API on')) {
        clearTimeout(timer);
        ready();
      }
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
    child.on('exit', (code) => fail(new Error(`the service stopped (exit ${code}):\n${output}`)));
  });
  const issuerId = JSON.parse(readFileSync(env.ISSUER_KEY_FILE, 'utf8')).controller;
  return { child, baseUrl, issuerId };
}

/** Runs one suite with mocha's JSON reporter; its tests, each passed, failed or pending. */
function runSuite(folder) {
  return new Promise((done) => {
    const mocha = join(folder, 'node_modules', 'mocha', 'bin', 'mocha.js');
    const child = spawn(process.execPath, [mocha, 'tests/', '--reporter', 'json', '--timeout', '15000', '--preserve-symlinks', '--exit'], { cwd: folder, env: { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', () => {
      const start = stdout.indexOf('{\n  "stats"');
      try {
        const report = JSON.parse(stdout.slice(start));
        const tests = [
          ...report.passes.map((test) => ({ title: test.fullTitle, state: 'passed' })),
          ...report.failures.map((test) => ({ title: test.fullTitle, state: 'failed', reason: firstLine(test.err?.message) })),
          ...report.pending.map((test) => ({ title: test.fullTitle, state: 'skipped' })),
        ];
        done({ tests });
      } catch {
        done({ tests: [], error: firstLine(stderr) || 'the suite printed no report' });
      }
    });
  });
}

/** The anchor a Markdown renderer gives a heading (GitHub's rule: lower case, punctuation dropped). */
const anchor = (heading) => heading.toLowerCase().replace(/[^a-z0-9 _-]/gu, '').replace(/ /gu, '-');

const firstLine = (text) => String(text ?? '').split('\n').find((line) => line.trim() !== '')?.trim().slice(0, 300) ?? '';

/** The report, in the style of a W3C implementation report. */
export function conformanceMarkdown(results, { date, source }) {
  const lines = [
    '# Conformance',
    '',
    `<!-- written by npm run test:conformance on ${date}; do not edit -->`,
    '',
    'The W3C and W3C-CCG test suites that feed the Verifiable Credentials implementation reports, run',
    'against the example VC API service (`examples/vc-api-server`) on 127.0.0.1 over https, offline,',
    'with a fresh database. The suites are pinned (see `VERSIONS` beside them) and stay outside this',
    `repository; this run used ${source}.`,
    '',
    '| Suite | Passed | Failed | Skipped |',
    '|---|---|---|---|',
  ];
  for (const { suite, tests, error } of results) {
    const count = (state) => tests.filter((test) => test.state === state).length;
    lines.push(`| [${suite.title}](#${anchor(suite.name)}) | ${count('passed')} | ${error ? `did not run: ${error}` : count('failed')} | ${count('skipped')} |`);
  }
  for (const { suite, tests, error } of results) {
    lines.push('', `## ${suite.name}`, '', `${suite.title}.`, '');
    if (error) {
      lines.push(`Did not run: ${error}`);
      continue;
    }
    const failed = tests.filter((test) => test.state === 'failed');
    if (failed.length === 0) lines.push(`All ${tests.length} tests passed${tests.some((test) => test.state === 'skipped') ? ' (the suite skips the others)' : ''}.`);
    else {
      lines.push('| Still failing | Why |', '|---|---|');
      for (const test of failed) lines.push(`| ${test.title.replace(/\|/gu, '\\|')} | ${test.reason.replace(/\|/gu, '\\|')} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

async function main() {
  const source = resolve(process.env.CAREPASS_CONFORMANCE_DIR ?? join(ROOT, '..', 'shared', 'conformance'));
  if (!existsSync(join(source, 'VERSIONS'))) {
    log(`no suites at ${source}: set CAREPASS_CONFORMANCE_DIR to a folder holding the six suites and VERSIONS; nothing was run`);
    return 0;
  }
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
  } catch {
    log('openssl is needed for the throwaway https certificate (Debian: apt-get install openssl); nothing was run');
    return 2;
  }
  if (!existsSync(SERVICE)) {
    log('examples/vc-api-server is not built: run npm run build first');
    return 2;
  }
  const scratch = prepare(source);
  const work = join(scratch, `run-${process.pid}`);
  mkdirSync(work, { recursive: true });
  const service = await startService(work);
  log(`service on ${service.baseUrl} (issuer ${service.issuerId})`);
  const results = [];
  try {
    for (const suite of SUITES) {
      const folder = join(scratch, suite.name);
      writeFileSync(join(folder, 'localConfig.cjs'), `module.exports = ${JSON.stringify(localConfig(service), null, 2)};\n`);
      const started = Date.now();
      const result = await runSuite(folder);
      const count = (state) => result.tests.filter((test) => test.state === state).length;
      log(`${suite.name}: ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped${result.error ? ` (${result.error})` : ''} in ${Math.round((Date.now() - started) / 1000)} s`);
      results.push({ suite, ...result });
    }
  } finally {
    service.child.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
  }
  writeFileSync(REPORT, conformanceMarkdown(results, { date: new Date().toISOString().slice(0, 10), source: source === resolve(ROOT, '..', 'shared', 'conformance') ? 'the copies in `../shared/conformance`' : `the copies in \`${source}\`` }));
  log(`wrote ${REPORT}`);
  const failed = results.some((result) => result.error || result.tests.some((test) => test.state === 'failed'));
  return failed ? 1 : 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      log(error instanceof Error ? error.message : String(error));
      process.exit(2);
    },
  );
}

