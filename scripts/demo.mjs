// `npm run demo`: the story Carepass exists for, end to end and offline, told through the SDK.
//
// Naomi completed the Care Certificate at her first employer. Years later a new employer wants her
// to redo all of it. Here a standards body publishes the frameworks, employer A's LMS issues her
// credentials (with revocation and a trust registry), she presents them to employer B, and employer
// B verifies them and sees what it can recognise against the 2025 Care Certificate.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInRegistry, exportCasePackage, safeParseFramework } from '@carepass/frameworks';
import {
  allocateStatusIndex,
  createPresentation,
  createStatusChecker,
  createStatusListState,
  createTrustChecker,
  createTrustRegistry,
  generateIssuerKey,
  issueCredential,
  issueStatusListCredentials,
  createStatusEntries,
  createStatusListResolver,
  verifyCredential,
  verifyPresentation,
} from '@carepass/credentials';
import { assessCredentials, buildTrainingMatrix, collectLeaves, createRecognitionEngine, formatRecognitionText } from '@carepass/portability';
import { answerPresentationRequest, createCredentialIssuer, createPresentationVerifier, receiveCredentialOffer } from '@carepass/exchange';
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';

const colour = Boolean(process.stdout.isTTY) && process.env.NO_COLOR === undefined && process.env.TERM !== 'dumb';
const wrap = (open, close) => (text) => (colour ? `\u001B[${open}m${text}\u001B[${close}m` : text);
const style = { bold: wrap(1, 22), dim: wrap(2, 22), green: wrap(32, 39), red: wrap(31, 39), yellow: wrap(33, 39), cyan: wrap(36, 39) };
const say = (text = '') => process.stdout.write(`${text}\n`);
let step = 0;
const heading = (text) => say(`\n${colour ? style.bold(style.cyan(`${++step}. ${text}`)) : `== ${++step}. ${text} ==`}\n`);
const ok = (text) => say(`  ${style.green('✓')} ${text}`);
const bad = (text) => say(`  ${style.red('✗')} ${text}`);

const ASSESSED_ON = new Date().toISOString().slice(0, 10);
const work = await mkdtemp(join(tmpdir(), 'carepass-demo-'));
try {
  say(style.bold('Carepass: a care worker\'s training that travels with her'));
  say(style.dim('Everything below runs on this machine: real Ed25519 signatures, JSON-LD, status lists; nothing leaves 127.0.0.1.'));

  heading('A standards body publishes the frameworks');
  const registry = builtInRegistry();
  for (const ref of ['care-certificate@2015', 'care-certificate@2025']) {
    const framework = registry.getFramework(ref);
    const checked = safeParseFramework(framework);
    const cfPackage = exportCasePackage(framework);
    await writeFile(join(work, `${framework.slug}-${framework.version}.case.json`), JSON.stringify(cfPackage));
    ok(`${framework.title}: ${framework.competencies.length} standards, ${cfPackage.CFItems.length} items, ${checked.ok ? 'valid' : 'INVALID'}, exported as 1EdTech CASE 1.1`);
  }
  const microQualification = registry.getMicroQualification('dementia-types-and-care');
  ok(`Micro-qualification “${microQualification.title}”: ${microQualification.learningOutcomes.length} learning outcomes, ${microQualification.workload.hours} hours, stacks onto the Care Certificate`);

  heading('A regulator-style register lists the training providers it trusts');
  const registerKey = await generateIssuerKey();
  const employerA = await generateIssuerKey();
  const trustRegistry = await createTrustRegistry({
    key: registerKey,
    name: 'Register of endorsed care training providers',
    validFrom: '2015-01-01T00:00:00Z',
    issuers: [{ id: employerA.controller, name: 'Sunrise Home Care', scope: ['care-certificate'], trustedFrom: '2015-01-01T00:00:00Z' }],
  });
  ok(`“Sunrise Home Care” (${employerA.controller.slice(0, 24)}…) is trusted for the Care Certificate`);

  heading('Employer A\'s LMS issues Naomi\'s Care Certificate in 2016');
  const naomi = await generateIssuerKey();
  let statusList = await createStatusListState({ id: 'https://lms.sunrise.example/status/1', issuer: employerA.controller });
  const allocation = await allocateStatusIndex(statusList);
  statusList = allocation.state;
  const careCertificate = await issueCredential(
    {
      framework: 'care-certificate@2015',
      subject: { id: naomi.controller },
      awardedDate: '2016-03-01T00:00:00Z',
      validFrom: '2016-03-01T00:00:00Z',
      evidence: [{ genre: 'Workplace observation', narrative: 'Twelve weeks of supervised practice, observed by the registered manager.' }],
    },
    { key: employerA, issuer: { name: 'Sunrise Home Care' }, created: '2016-03-01T00:00:00Z', extra: { credentialStatus: createStatusEntries(statusList, allocation.index) } },
  );
  const statusLists = Object.values(await issueStatusListCredentials(statusList, { key: employerA }));
  ok(`Open Badges 3.0 credential “${careCertificate.name}”, signed with ${careCertificate.proof[0].cryptosuite}, revocable (status list index ${allocation.index})`);
  ok('the status list is published; nothing about Naomi is in it but one bit');

  heading('Naomi joins employer B and presents her credentials');
  const challenge = globalThis.crypto.randomUUID();
  const presentation = await createPresentation([careCertificate], { key: naomi, challenge, domain: 'careers.employer-b.example' });
  ok(`signed presentation for careers.employer-b.example (challenge ${challenge.slice(0, 8)}…), holder ${naomi.controller.slice(0, 24)}…`);

  heading('Employer B verifies them: signature, issuer, status, trust');
  const checkStatus = createStatusChecker({ resolve: createStatusListResolver(statusLists) });
  const checkTrust = await createTrustChecker({ registries: [trustRegistry] });
  const verified = await verifyPresentation(presentation, { challenge, domain: 'careers.employer-b.example', checkStatus, checkTrust });
  (verified.verified ? ok : bad)(`presentation ${verified.verified ? 'verified' : 'refused'}: the holder signed it for us, and is the subject of every credential`);
  for (const check of verified.credentials[0].checks) (check.ok ? ok : bad)(`${check.check}: ${check.message}`);

  heading('She also emails two more certificates');
  const forged = globalThis.structuredClone(careCertificate);
  forged.awardedDate = '2025-09-01T00:00:00Z';
  const quickCerts = await generateIssuerKey();
  const online = await issueCredential(
    { competency: 'care-certificate@2025#16', subject: { id: naomi.controller }, validFrom: '2025-09-01T00:00:00Z' },
    { key: quickCerts, issuer: { name: 'QuickCerts Online' } },
  );
  for (const [label, credential] of [['a copy of her certificate with the date edited', forged], ['an e-learning certificate from “QuickCerts Online”, not on the register', online]]) {
    const result = await verifyCredential(credential, { checkTrust });
    const failed = result.checks.find((check) => !check.ok);
    (result.verified ? ok : bad)(`${label}: ${result.verified ? 'valid' : `${result.status} (${failed?.check}: ${failed?.message})`}`);
  }

  heading(`Employer B assesses her against the 2025 Care Certificate (as of ${ASSESSED_ON})`);
  const engine = createRecognitionEngine({ target: 'care-certificate@2025', registry, policy: { asOf: ASSESSED_ON } });
  const report = await assessCredentials(
    engine,
    [
      ...verified.credentials.map((_, index) => ({ credential: presentation.verifiableCredential[index], source: 'presentation' })),
      { credential: forged, source: 'edited copy' },
      { credential: online, source: 'QuickCerts Online' },
    ],
    { verify: { checkStatus, checkTrust } },
  );
  say(formatRecognitionText(report, { style }).replace(/^/gmu, '  ').trimEnd());

  heading('Why? Every decision can be explained');
  const leaves = collectLeaves(report.standards);
  for (const code of ['1.1a', '10.1a', '12.1', '2.2a', '16']) {
    const leaf = leaves.find((entry) => entry.code === code);
    if (leaf) say(`  • ${leaf.explanation}`);
  }
  const route = report.plan.find((item) => item.standard === '16');
  if (route) say(`  • ${route.title}: ${route.hours} h, the course's published duration.`);

  heading(`Employer B's mandatory-training matrix for CQC (as of ${ASSESSED_ON})`);
  const matrix = await buildTrainingMatrix(
    [...verified.credentials.map((_, index) => ({ credential: presentation.verifiableCredential[index], source: 'presentation' })), { credential: forged, source: 'edited copy' }],
    { asOf: ASSESSED_ON, verify: { checkStatus, checkTrust } },
  );
  for (const worker of matrix.workers) {
    say(`  ${style.bold(worker.subject === naomi.controller ? 'Naomi' : worker.subject)}`);
    for (const entry of worker.entries) {
      const mark = entry.status === 'current' ? style.green('✓') : entry.status === 'expired' ? style.red('✗') : entry.status === 'due-soon' ? style.yellow('!') : style.dim('·');
      say(`    ${mark} ${entry.title.padEnd(48)} ${entry.status.padEnd(8)} ${entry.completed ? `completed ${entry.completed}${entry.expires ? `, refresh by ${entry.expires}` : ', no refresh period published'}` : 'no evidence'}`);
    }
  }
  for (const rejection of matrix.rejected) bad(`${rejection.source}: not counted (${rejection.code})`);

  heading('Into Naomi\'s wallet and back (OpenID4VCI, OpenID4VP)');
  // An issuer and a verifier on 127.0.0.1, and a reference wallet that talks to them over HTTP.
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', async () => {
      const exchange = { method: request.method, url: `${walletBase}${request.url}`, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      const answer = (await lms.handle(exchange)) ?? (await employer.handle(exchange));
      response.writeHead(answer?.status ?? 404, answer?.headers ?? {}).end(JSON.stringify(answer?.body ?? {}));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const walletBase = `http://127.0.0.1:${server.address().port}`;
  const lms = await createCredentialIssuer({ baseUrl: `${walletBase}/oid4vci`, key: employerA, issuer: { name: 'Sunrise Home Care' }, allowInsecureUrls: true });
  const employer = createPresentationVerifier({ responseUrl: `${walletBase}/openid4vp/response`, target: 'care-certificate@2025', clientName: 'Employer B', verify: { checkStatus, checkTrust }, allowInsecureUrls: true });
  try {
    const offer = await lms.createOffer({ competency: 'care-certificate@2025#12', validFrom: new Date().toISOString().replace(/\.\d{3}Z$/u, 'Z') });
    ok(`Sunrise Home Care offers Naomi's basic life support refresher: a QR code of ${offer.uri.slice(0, 48)}…, and a transaction code by email (${offer.txCode})`);
    const received = await receiveCredentialOffer({ offerUri: offer.uri, txCode: offer.txCode, key: naomi, fetch: globalThis.fetch });
    ok(`her wallet receives it, bound to her key (${received.credentials.length} credential from ${received.issuer})`);
    const request = await employer.createRequest();
    ok(`employer B shows a QR code asking for her Care Certificate credentials (${request.uri.slice(0, 40)}…)`);
    const answered = await answerPresentationRequest({ requestUri: request.uri, key: naomi, credentials: [...presentation.verifiableCredential, ...received.credentials], fetch: globalThis.fetch });
    ok(`her wallet presents ${presentation.verifiableCredential.length + received.credentials.length} credentials to ${answered.verifierName}: ${answered.accepted ? 'accepted' : 'refused'}`);
    const outcome = await employer.outcome(request.state);
    const refreshed = outcome?.status === 'verified' ? outcome.report.standards.find((standard) => standard.code === '12') : undefined;
    if (refreshed) ok(`employer B's answer is the recognition report: standard 12, ${refreshed.title}, is now ${refreshed.status.replace(/-/gu, ' ')}`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }

  const { programme, saved, note } = report.summary.hours;
  say(`\n${style.bold(`Naomi keeps ${Math.round((saved / programme) * 100)}% of her Care Certificate (about ${saved} of ${programme} notional hours) instead of redoing it.`)}`);
  say(style.dim(`Hours are ${note}.`));
  say(style.dim('Next: docs/guides/recognising-prior-learning.md, and `npx carepass --help`.'));
} finally {
  await rm(work, { recursive: true, force: true });
}
