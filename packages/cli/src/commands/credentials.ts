import { resolve } from 'node:path';
import {
  createDidWebDocument,
  createPresentation,
  type Cryptosuite,
  generateIssuerKey,
  issueCredential,
  issueCredentialJwt,
  issueClrCredential,
  type EndorsementReport,
  verifyEndorsements,
  type VerifyCredentialFileResult,
  type IssueCredentialRequest,
  readIssuerKeyFile,
  signCredential,
  verifyCredentialFiles,
  type VerifyCredentialResult,
  verifyPresentation,
  writeIssuerKeyFile,
  allocateFromStatusListFile,
  createStatusEntries,
} from '@carepass/credentials';
import { type Command, type CommandContext, defineCommand } from '../command.js';
import { EXIT_NEGATIVE, EXIT_OK, UsageError } from '../exit-codes.js';
import { expandJsonPaths, readCredentialFile, readJsonFile, toJsonText } from '../files.js';
import { batchOptionsFor, didDocumentFlag, emitJson, emitResult, emitText, endorsementFlag, extraChecksFor, isoOf, jsonFlag, loaderFor, noteSkipped, outFlag, requireString, shownResult } from './shared.js';
import { createProgress } from '../progress.js';

const keyFlag = { type: 'string', description: 'the issuer or holder key file (as written by keys generate, or the W3C form with privateKeyMultibase)', valueName: 'file' } as const;
const suiteFlag = { type: 'string', description: 'eddsa-rdfc-2022 (default) or eddsa-jcs-2022', valueName: 'suite' } as const;
const nowFlag = { type: 'string', description: 'check validity at this time instead of now (ISO 8601)', valueName: 'iso' } as const;

function suiteOf(context: CommandContext): Cryptosuite | undefined {
  const suite = context.values.suite;
  if (suite === undefined) return undefined;
  if (suite !== 'eddsa-rdfc-2022' && suite !== 'eddsa-jcs-2022') throw new UsageError(`--suite must be eddsa-rdfc-2022 or eddsa-jcs-2022, not "${String(suite)}"`);
  return suite;
}

const keysGenerate = defineCommand({
  path: ['keys', 'generate'],
  summary: 'Generate an Ed25519 issuer key (Multikey) and print its DID.',
  usage: 'keys generate --out <file> [--did-web <domain[:path]>]',
  description: 'The key file is written with mode 0600 and never overwritten. Without --did-web the DID is a did:key, which verifiers resolve offline; with it, publish the did.json that `carepass keys did-document` prints.',
  examples: ['carepass keys generate --out issuer.key.json', 'carepass keys generate --out issuer.key.json --did-web training.example'],
  options: { out: { type: 'string', description: 'where to write the secret key file', valueName: 'file' }, 'did-web': { type: 'string', description: 'make the key controlled by did:web:<domain[:path]>', valueName: 'domain' }, json: jsonFlag },
  positionals: [0, 0],
  async run(context) {
    const out = requireString(context, 'out');
    const web = context.values['did-web'];
    const key = await generateIssuerKey(typeof web === 'string' ? { controller: `did:web:${web.replace(/^did:web:/, '')}` } : {});
    await writeIssuerKeyFile(resolve(context.io.cwd, out), key);
    emitResult(context, key.controller, { did: key.controller, verificationMethod: key.id, file: out });
    context.io.stderr(`wrote ${out} (mode 0600; keep it secret)\n`);
    return EXIT_OK;
  },
});

const keysDidDocument = defineCommand({
  path: ['keys', 'did-document'],
  summary: 'Print the did.json a did:web issuer hosts for its key.',
  usage: 'keys did-document --key <file> [--out <file>]',
  examples: ['carepass keys did-document --key issuer.key.json --out did.json'],
  options: { key: keyFlag, out: outFlag },
  positionals: [0, 0],
  async run(context) {
    const key = await readIssuerKeyFile(resolve(context.io.cwd, requireString(context, 'key')));
    await emitJson(context, createDidWebDocument(key));
    return EXIT_OK;
  },
});

const issue = defineCommand({
  path: ['issue'],
  summary: 'Issue a signed Open Badges 3.0 credential for a competency, a whole framework or a micro-qualification.',
  usage: 'issue --key <file> (--framework <slug[@version]> [--code <code>] | --micro-qualification <slug[@version]>) --subject <id> [--status-list <file>] [--format json|jwt] [--clr] [options]',
  description: 'With --code the achievement is that competency; without it, the whole framework (e.g. the complete Care Certificate). validUntil follows the renewal period. Subjects are a DID or URI (--subject) or an email kept only as a salted hash (--subject-email). --format jwt writes the same credential as a compact VC-JWT (Open Badges 3.0 §8.2, EdDSA; --jwt-profile vc-jose-cose for application/vc+jwt) instead of JSON with a Data Integrity proof; `carepass verify`, `recognise` and `matrix` read it like JSON. --clr writes a CLR 2.0 ClrCredential for the whole framework: one signed AchievementCredential per standard, the framework\'s achievement and the associations between them, as a training provider hands over a transcript; `verify` checks each credential it holds and `recognise` counts each on its own merits.',
  examples: [
    'carepass issue --key issuer.key.json --framework care-certificate@2015 --code 15 --subject did:key:z6Mk… --evidence "Hand hygiene observed on shift"',
    'carepass issue --key issuer.key.json --framework care-certificate@2025 --subject did:key:z6Mk… --out certificate.json',
    'carepass issue --key issuer.key.json --micro-qualification dementia-types-and-care --subject-email sam@example.org',
    'carepass issue --key issuer.key.json --framework care-certificate@2025 --code 15 --subject did:key:z6Mk… --format jwt --out standard-15.jwt',
    'carepass issue --key issuer.key.json --framework care-certificate@2025 --subject did:key:z6Mk… --clr --out transcript.json',
  ],
  options: {
    key: keyFlag,
    framework: { type: 'string', description: 'the framework, slug[@version]', valueName: 'ref' },
    code: { type: 'string', description: 'the competency code in it (omit to issue the whole framework)', valueName: 'code' },
    'micro-qualification': { type: 'string', description: 'a micro-qualification, slug[@version]', valueName: 'ref' },
    subject: { type: 'string', description: 'the worker\'s DID or URI', valueName: 'id' },
    'subject-email': { type: 'string', description: 'the worker\'s email, stored only as a salted SHA-256 hash', valueName: 'email' },
    'issuer-name': { type: 'string', description: 'the issuer\'s name for its profile', valueName: 'name' },
    'issuer-url': { type: 'string', description: 'the issuer\'s website', valueName: 'url' },
    evidence: { type: 'string', multiple: true, description: 'a workplace observation, in words (repeatable)', valueName: 'text' },
    'valid-from': { type: 'string', description: 'start of validity (default now)', valueName: 'iso' },
    created: { type: 'string', description: 'the proof time (default now)', valueName: 'iso' },
    'status-list': { type: 'string', description: 'a status list file (carepass status create): adds revocation and suspension entries', valueName: 'file' },
    'revocation-only': { type: 'boolean', description: 'with --status-list: one revocation entry, the form 1EdTech\'s Open Badges 3.0 JSON Schema accepts (the credential cannot then be suspended)' },
    suite: suiteFlag,
    format: { type: 'string', description: 'json (default: Data Integrity proof) or jwt (a compact VC-JWT)', valueName: 'format' },
    'jwt-profile': { type: 'string', description: 'with --format jwt: open-badges (default) or vc-jose-cose', valueName: 'profile' },
    clr: { type: 'boolean', description: 'with --framework and no --code: a CLR 2.0 learner record holding one signed credential per standard' },
    out: outFlag,
  },
  positionals: [0, 0],
  async run(context) {
    const { values } = context;
    const key = await readIssuerKeyFile(resolve(context.io.cwd, requireString(context, 'key')));
    const framework = values.framework;
    const microQualification = values['micro-qualification'];
    if ((typeof framework === 'string') === (typeof microQualification === 'string')) throw new UsageError('give either --framework (with or without --code) or --micro-qualification');
    if (typeof values.code === 'string' && typeof framework !== 'string') throw new UsageError('--code needs --framework');
    const subjectId = values.subject;
    const email = values['subject-email'];
    if ((typeof subjectId === 'string') === (typeof email === 'string')) throw new UsageError('give either --subject <id> or --subject-email <email>');
    const subject = typeof subjectId === 'string' ? { id: subjectId } : { email: email as string, salt: globalThis.crypto.randomUUID() };
    const validFrom = isoOf(context, 'valid-from');
    const evidence = values.evidence;
    const details = { subject, ...(validFrom ? { validFrom } : {}), ...(evidence ? { evidence: evidence.map((narrative) => ({ genre: 'Workplace observation', narrative })) } : {}) };
    const request: IssueCredentialRequest =
      typeof microQualification === 'string'
        ? { microQualification, ...details }
        : typeof values.code === 'string'
          ? { competency: `${(framework as string).split('#')[0]}#${values.code}`, ...details }
          : { framework: framework as string, ...details };
    const created = isoOf(context, 'created');
    const suite = suiteOf(context);
    const format = values.format ?? 'json';
    if (format !== 'json' && format !== 'jwt') throw new UsageError(`--format must be json or jwt, not "${String(format)}"`);
    const jwt = format === 'jwt';
    const profile = values['jwt-profile'];
    if (profile !== undefined && (!jwt || (profile !== 'open-badges' && profile !== 'vc-jose-cose'))) throw new UsageError('--jwt-profile goes with --format jwt, and is open-badges or vc-jose-cose');
    if (jwt && (suite || created)) throw new UsageError('--suite and --created are for Data Integrity proofs; a JWT has neither');
    let extra: Record<string, unknown> | undefined;
    if (values['revocation-only'] === true && typeof values['status-list'] !== 'string') throw new UsageError('--revocation-only goes with --status-list');
    if (typeof values['status-list'] === 'string') {
      // The index is saved to the list file before the credential is issued, so it is never reused.
      const { index, state } = await allocateFromStatusListFile(resolve(context.io.cwd, values['status-list']));
      if (state.issuer !== key.controller) throw new UsageError(`the status list belongs to ${state.issuer}, not to this key`);
      extra = { credentialStatus: values['revocation-only'] === true ? createStatusEntries(state, index, { purposes: ['revocation'] })[0] : createStatusEntries(state, index) };
    }
    const issuer = { ...(typeof values['issuer-name'] === 'string' ? { name: values['issuer-name'] } : {}), ...(typeof values['issuer-url'] === 'string' ? { url: values['issuer-url'] } : {}) };
    if (values.clr === true) {
      if (typeof framework !== 'string' || typeof values.code === 'string') throw new UsageError('--clr records a whole framework: give --framework without --code');
      if (jwt || extra) throw new UsageError('--clr is written as JSON with Data Integrity proofs, without status entries: leave out --format jwt and --status-list');
      const clr = await issueClrCredential({ framework, subject, ...(validFrom ? { validFrom } : {}), ...(details.evidence ? { evidence: details.evidence } : {}) }, { key, issuer, ...(suite ? { suite } : {}), ...(created ? { created } : {}) });
      await emitJson(context, clr);
      return EXIT_OK;
    }
    if (jwt) {
      const text = await issueCredentialJwt(request, { ...(extra ? { extra } : {}), key, issuer, ...(profile ? { profile } : {}) });
      await emitText(context, `${text}\n`);
      return EXIT_OK;
    }
    const credential = await issueCredential(request, { ...(extra ? { extra } : {}), key, issuer, ...(suite ? { suite } : {}), ...(created ? { created } : {}) });
    await emitJson(context, credential);
    return EXIT_OK;
  },
});

const sign = defineCommand({
  path: ['sign'],
  summary: 'Sign an unsigned credential (built by an LMS) with a Data Integrity proof.',
  usage: 'sign <unsigned.json> --key <file> [--suite <suite>] [--created <iso>] [--out <file>]',
  description: 'The credential is checked first (VC data model, JSON-LD safe mode). With a fixed --created the output is reproducible: signing the W3C test vectors with their key gives their proofValue byte for byte.',
  examples: ['carepass sign unsigned.json --key issuer.key.json --out signed.json', 'carepass sign unsigned.json --key keyPair.json --suite eddsa-jcs-2022 --created 2023-02-24T23:36:38Z'],
  options: { key: keyFlag, suite: suiteFlag, created: { type: 'string', description: 'the proof time (default now)', valueName: 'iso' }, out: outFlag },
  positionals: [1, 1],
  async run(context) {
    const key = await readIssuerKeyFile(resolve(context.io.cwd, requireString(context, 'key')));
    const unsigned = await readJsonFile(context.positionals[0] as string, context.io.cwd);
    const created = isoOf(context, 'created');
    const suite = suiteOf(context);
    const signed = await signCredential(unsigned as object, { key, ...(suite ? { suite } : {}), ...(created ? { created } : {}) });
    await emitJson(context, signed);
    return EXIT_OK;
  },
});

function describeResult(result: VerifyCredentialResult): string {
  const what = result.credential.achievement?.name ?? result.credential.types.filter((type) => type !== 'VerifiableCredential').join(', ');
  const who = result.credential.issuer ? `issued by ${result.credential.issuer.name ?? result.credential.issuer.id}` : '';
  if (result.verified) return `${what}${who ? `, ${who}` : ''}`;
  const failed = result.checks.filter((check) => !check.ok);
  return `${failed.map((check) => `${check.code}: ${check.message}`).join('; ')}${what ? ` (${what})` : ''}`;
}

/**
 * What `verify` reports about endorsements: for each verified credential, those attached to it
 * (read again from its file) and those given with --endorsement that are about it.
 */
async function endorsementReporter(context: CommandContext, presented: readonly unknown[], now: string | undefined): Promise<(result: VerifyCredentialFileResult) => Promise<EndorsementReport[] | undefined>> {
  const documentLoader = await loaderFor(context);
  const { checkStatus, failClosed } = await extraChecksFor(context, documentLoader, now);
  const options = { documentLoader, failClosed: failClosed !== false, ...(checkStatus ? { checkStatus } : {}), ...(now ? { now } : {}) };
  return async (result) => {
    if (!result.document) return undefined;
    const attached = result.baked === undefined && /"endorsement(Jwt)?"/u.test(JSON.stringify(result.document));
    if (presented.length === 0 && !attached) return undefined;
    const raw = attached ? await readCredentialFile(result.file, context.io.cwd).catch(() => undefined) : undefined;
    const reports = (await verifyEndorsements(raw, result, { ...options, presented })).filter((report) => report.source === 'attached' || report.about !== 'other');
    return reports.length > 0 ? reports : undefined;
  };
}

const verify = defineCommand({
  path: ['verify'],
  summary: 'Verify credentials: exit 0 only if every one verified.',
  usage: 'verify <file|dir>… [--json] [--now <iso>] [--trust <registry>]… [--endorsement <file>]… [--status-lists <dir>] [--did-document <file>]… [--any-signer]',
  description: 'Runs every check (data model, JSON-LD safe mode, Open Badges rules, proof, issuer key, validity window, status and trust) offline, on JSON credentials, VC-JWTs (.jwt) and baked badges (.png, .svg). Endorsements attached to a credential, and those given with --endorsement that are about it (its issuer, its achievement or itself), are verified and reported with it (--json: "endorsements"); they never change its own result, but with --trust an endorsement by an endorser the registry names can make its issuer trusted. A credential with a status entry is refused unless its status list is in --status-lists (fail closed; --accept-unknown-status to accept). With --trust, a credential passes only if its issuer is trusted for what it attests. --json prints an array with one { file, verified, status, checks, credential } per input, in input order. Folders are verified on every core and results are written as they are ready, so memory stays flat for any number of files. A folder contributes the *.json files directly in it (symbolic links to files included); an entry that is not a regular file (a folder, FIFO, socket, device or broken link) is skipped with a "skipped" line on stderr, is not in the results and does not change the exit code. A path named on the command line that is not a regular file is reported as unreadable.',
  examples: ['carepass verify certificate.json', 'carepass verify credentials/ --json', 'carepass verify worker/ --trust national-registry.json --status-lists status/'],
  options: {
    json: jsonFlag,
    now: nowFlag,
    'did-document': didDocumentFlag,
    trust: { type: 'string', multiple: true, description: 'a trust registry to require trust from (repeatable; registries combine)', valueName: 'registry' },
    'status-lists': { type: 'string', description: 'a folder of status list credentials or status list files', valueName: 'dir' },
    'accept-unknown-status': { type: 'boolean', description: 'accept credentials whose status list cannot be had (fail open)' },
    'any-signer': { type: 'boolean', description: 'accept a proof made by a key other than the issuer\'s, as VC Data Model 2.0 allows (not with --trust)' },
    endorsement: endorsementFlag,
  },
  positionals: [1, Number.POSITIVE_INFINITY],
  async run(context) {
    const files = await expandJsonPaths(context.positionals, context.io.cwd, noteSkipped(context));
    const now = isoOf(context, 'now');
    if (context.values['any-signer'] === true && (context.values.trust?.length ?? 0) > 0) throw new UsageError('--any-signer cannot be combined with --trust: trust is in the issuer a credential names, so its signer must be the issuer');
    const options = { ...(await batchOptionsFor(context, now)), ...(context.values['any-signer'] === true ? { issuerBinding: false } : {}) };
    const json = context.values.json === true;
    const progress = createProgress(context.io, 'verifying', files.length);
    // Results are written as they arrive (in input order), so a folder of 100,000 credentials is
    // verified on every core with flat memory. The --json text is byte for byte what one
    // JSON.stringify of the whole array would give.
    let done = 0;
    let verified = 0;
    const endorsementsOf = await endorsementReporter(context, options.trustEndorsements ?? [], now);
    if (json) context.io.stdout(files.length === 0 ? '[]\n' : '[\n');
    for await (const result of verifyCredentialFiles(files, options)) {
      const endorsements = await endorsementsOf(result);
      if (json) context.io.stdout(`${done > 0 ? ',\n' : ''}  ${JSON.stringify({ ...shownResult(result), ...(endorsements ? { endorsements } : {}) }, null, 2).replaceAll('\n', '\n  ')}`);
      else {
        const mark = result.verified ? context.style.green('✓ valid') : context.style.red(`✗ ${result.status}`);
        context.io.stdout(`${mark}  ${result.file}: ${describeResult(result)}\n`);
        (result.credentials ?? []).forEach((held, index) => {
          context.io.stdout(`    ${held.verified ? context.style.green('✓') : held.status === 'expired' ? context.style.yellow('expired') : context.style.red(`✗ ${held.status}`)} credential ${index + 1}: ${describeResult(held)}\n`);
        });
        for (const report of endorsements ?? []) {
          const by = report.endorser?.name ?? report.endorser?.id ?? 'an unknown endorser';
          context.io.stdout(report.verified ? `    ${context.style.green('endorsed')} (${report.about}) by ${by}: ${report.comment ?? ''}\n` : `    ${context.style.red('endorsement refused')} (${report.source}) by ${by}: ${report.problem?.code}: ${report.problem?.message}\n`);
        }
      }
      done++;
      if (result.verified) verified++;
      progress.update(done);
      // Let a slow reader of standard output catch up rather than buffer the results in memory.
      if (done % 64 === 0) await context.io.drain?.();
    }
    progress.finish();
    if (json && files.length > 0) context.io.stdout('\n]\n');
    if (!json && done > 1) context.io.stdout(`${verified} of ${done} verified\n`);
    return done > 0 && verified === done ? EXIT_OK : EXIT_NEGATIVE;
  },
});

const present = defineCommand({
  path: ['present'],
  summary: 'Sign a Verifiable Presentation of credentials for one verifier (challenge and domain).',
  usage: 'present --key <file> --challenge <c> --domain <d> <file>… [--out <file>]',
  examples: ['carepass present --key worker.key.json --challenge 7f3a… --domain employer-b.example certificate.json --out presentation.json'],
  options: { key: keyFlag, challenge: { type: 'string', description: 'the verifier\'s one-time challenge', valueName: 'c' }, domain: { type: 'string', description: 'the verifier\'s domain', valueName: 'd' }, suite: suiteFlag, out: outFlag },
  positionals: [1, Number.POSITIVE_INFINITY],
  async run(context) {
    const key = await readIssuerKeyFile(resolve(context.io.cwd, requireString(context, 'key')));
    const challenge = requireString(context, 'challenge');
    const domain = requireString(context, 'domain');
    const credentials: object[] = [];
    for (const file of await expandJsonPaths(context.positionals, context.io.cwd, noteSkipped(context))) credentials.push((await readJsonFile(file, context.io.cwd)) as object);
    const suite = suiteOf(context);
    await emitJson(context, await createPresentation(credentials, { key, challenge, domain, ...(suite ? { suite } : {}) }));
    return EXIT_OK;
  },
});

const verifyPresentationCommand = defineCommand({
  path: ['verify-presentation'],
  summary: 'Verify a presentation: the holder\'s proof for this challenge and domain, every credential, and that the holder is their subject.',
  usage: 'verify-presentation <file> (--challenge <c> --domain <d> | --any-holder) [--status-lists <dir>] [--accept-unknown-status] [--trust <registry>]… [--json] [--now <iso>]',
  description:
    'By default holder binding is applied, as recognition needs: the presentation must be signed by its holder for your challenge and domain, and the holder must be the subject of every credential in it. --any-holder verifies as VC Data Model 2.0 does (the VC API service\'s /presentations/verify): no holder binding, challenge and domain checked only when given, and an unsigned presentation accepted without a challenge; the holder check then says not_required. Each credential is verified as `verify` does, with the same --status-lists, --accept-unknown-status and --trust. Exit 0 when the presentation and every credential verified, 1 when not, 2 for bad usage.',
  examples: ['carepass verify-presentation presentation.json --challenge 7f3a… --domain employer-b.example', 'carepass verify-presentation presentation.json --challenge 7f3a… --domain employer-b.example --status-lists status/ --trust registry.json'],
  options: {
    challenge: { type: 'string', description: 'the challenge you issued', valueName: 'c' },
    domain: { type: 'string', description: 'your domain', valueName: 'd' },
    trust: { type: 'string', multiple: true, description: 'a trust registry to require trust from (repeatable; registries combine)', valueName: 'registry' },
    'status-lists': { type: 'string', description: 'a folder of status list credentials or status list files', valueName: 'dir' },
    'accept-unknown-status': { type: 'boolean', description: 'accept credentials whose status list cannot be had (fail open)' },
    'any-holder': { type: 'boolean', description: 'no holder binding: anyone may present, and without --challenge the presentation may be unsigned' },
    json: jsonFlag,
    now: nowFlag,
    'did-document': didDocumentFlag,
  },
  positionals: [1, 1],
  async run(context) {
    const anyHolder = context.values['any-holder'] === true;
    const challenge = anyHolder ? context.values.challenge : requireString(context, 'challenge');
    const domain = anyHolder ? context.values.domain : requireString(context, 'domain');
    const file = context.positionals[0] as string;
    const input = await readJsonFile(file, context.io.cwd);
    const now = isoOf(context, 'now');
    const documentLoader = await loaderFor(context);
    const checks = await extraChecksFor(context, documentLoader, now);
    const result = await verifyPresentation(input, {
      ...(challenge !== undefined ? { challenge } : {}),
      ...(domain !== undefined ? { domain } : {}),
      holderBinding: !anyHolder,
      requireProof: !anyHolder || challenge !== undefined,
      documentLoader,
      ...checks,
      ...(now ? { now: new Date(now) } : {}),
    });
    if (context.values.json) context.io.stdout(toJsonText({ file, ...shownResult(result) }));
    else {
      context.io.stdout(`${result.verified ? context.style.green('✓ valid presentation') : context.style.red('✗ presentation refused')}  ${file}${result.holder ? ` from ${result.holder}` : ''}\n`);
      for (const check of result.checks.filter((entry) => !entry.ok)) context.io.stdout(`  ${check.check}: ${check.code}: ${check.message}\n`);
      result.credentials.forEach((credential, index) => {
        context.io.stdout(`  ${credential.verified ? context.style.green('✓') : context.style.red('✗')} credential ${index + 1}: ${credential.verified ? 'valid' : credential.status} — ${describeResult(credential)}\n`);
      });
    }
    return result.verified ? EXIT_OK : EXIT_NEGATIVE;
  },
});

/** The credential verbs: keys, issue, sign, verify, present, verify-presentation. */
export const credentialCommands: Command[] = [keysGenerate, keysDidDocument, issue, sign, verify, present, verifyPresentationCommand];
