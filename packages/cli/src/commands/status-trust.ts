import { resolve } from 'node:path';
import {
  addTrustedIssuer,
  CarepassError,
  createStatusListFile,
  DEFAULT_MAX_STATUS_LIST_AGE_SECONDS,
  publishStatusListFile,
  createTrustRegistry,
  readIssuerKeyFile,
  readStatusListFile,
  getIssuerId,
  parseTrustRegistry,
  findStatusIndex,
  getStatusListCredentialId,
  type StatusPurpose,
  updateStatusListFile,
  verifyCredential,
} from '@carepass/credentials';
import { type Command, type CommandContext, defineCommand } from '../command.js';
import { EXIT_OK, UsageError } from '../exit-codes.js';
import { readCredentialFile, readJsonFile, toJsonText, writeFileAtomic } from '../files.js';
import { emitResult, isoOf, jsonFlag, outFlag } from './shared.js';

const keyFlag = { type: 'string', description: 'the issuer\'s key file', valueName: 'file' } as const;

function required(context: CommandContext, name: string): string {
  const value = context.values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

const statusCreate = defineCommand({
  path: ['status', 'create'],
  summary: 'Create a status list file (revocation and suspension lists, signed) for an issuer.',
  usage: 'status create --key <file> --out <file> [--url <base-url>] [--length <n>]',
  description: 'The lists hold at least 131,072 entries; each issued credential gets a random index. --url is where you will publish the list credentials (<url>/revocation and <url>/suspension); without it a placeholder under status.carepass.invalid is used. Keep the file: it records which indexes were handed out.',
  examples: ['carepass status create --key issuer.key.json --out status.json --url https://training.example/status/1'],
  options: { key: keyFlag, out: { type: 'string', description: 'the status list file to create', valueName: 'file' }, url: { type: 'string', description: 'base URL where the list credentials will be published', valueName: 'url' }, length: { type: 'string', description: 'entries per list (default 131072)', valueName: 'n' }, json: jsonFlag },
  positionals: [0, 0],
  async run(context) {
    const key = await readIssuerKeyFile(resolve(context.io.cwd, required(context, 'key')));
    const length = context.values.length === undefined ? undefined : Number(context.values.length);
    if (length !== undefined && !Number.isInteger(length)) throw new UsageError('--length must be a whole number');
    const out = required(context, 'out');
    const file = await createStatusListFile(resolve(context.io.cwd, out), { key, ...(typeof context.values.url === 'string' ? { id: context.values.url } : {}), ...(length !== undefined ? { length } : {}) });
    emitResult(context, file.state.id, { id: file.state.id, file: out, length: file.state.length, issuer: file.state.issuer });
    context.io.stderr(`wrote ${out}: revocation and suspension lists of ${file.state.length} entries\n`);
    return EXIT_OK;
  },
});

function statusUpdate(verb: 'revoke' | 'suspend' | 'unsuspend', purpose: StatusPurpose, on: boolean, summary: string): Command {
  return {
    path: ['status', verb],
    summary,
    usage: `status ${verb} <list> --key <file> --credential <file>`,
    description: verb === 'revoke' ? 'Revocation is permanent. The list credentials in the file are re-signed; publish them again (carepass status publish).' : 'The list credentials in the file are re-signed; publish them again (carepass status publish).',
    examples: [`carepass status ${verb} status.json --key issuer.key.json --credential worker-bls.json`],
    options: { key: keyFlag, credential: { type: 'string', description: 'the credential whose status changes', valueName: 'file' }, json: jsonFlag },
    positionals: [1, 1],
    async run(context) {
      const listPath = resolve(context.io.cwd, context.positionals[0] as string);
      const key = await readIssuerKeyFile(resolve(context.io.cwd, required(context, 'key')));
      const input = await readCredentialFile(required(context, 'credential'), context.io.cwd);
      const { state } = await readStatusListFile(listPath);
      // The index is read from the credential's signed graph, after checking it is genuine and
      // this list's issuer's: a rewritten copy cannot point the issuer at another worker's entry.
      const verified = await verifyCredential(input);
      const broken = verified.checks.find((check) => !check.ok && ['parse', 'data-model', 'json-ld', 'open-badges', 'proof', 'issuer'].includes(check.check));
      if (broken || !verified.document) throw new CarepassError('CREDENTIAL_INVALID', `the credential is not genuine (${broken?.check}: ${broken?.code}: ${broken?.message}), so its status is not changed`);
      if (verified.credential.issuer?.id !== state.issuer) throw new CarepassError('CREDENTIAL_INVALID', `the credential was issued by ${verified.credential.issuer?.id}, not by this list's issuer ${state.issuer}`);
      const credential = verified.document;
      const index = findStatusIndex(credential, state);
      if (index === undefined) throw new UsageError(`the credential has no status entry in ${context.positionals[0]}`);
      const listId = getStatusListCredentialId(state, purpose);
      if (![credential.credentialStatus].flat().some((entry) => typeof entry === 'object' && entry !== null && (entry as { statusListCredential?: unknown }).statusListCredential === listId)) {
        throw new UsageError(`the credential has no ${purpose} entry (it was issued with --revocation-only), so its ${purpose} status cannot change`);
      }
      await updateStatusListFile(listPath, { key, index, purpose, on });
      emitResult(context, `${verb === 'revoke' ? 'revoked' : verb === 'suspend' ? 'suspended' : 'unsuspended'} ${String(credential.id ?? 'the credential')} (index ${index})`, { credentialId: credential.id ?? null, statusPurpose: purpose, statusListIndex: index, status: on });
      return EXIT_OK;
    },
  };
}

// The files `status publish` writes, by purpose. Their names are fixed here, never taken from the
// status list file, so a crafted file cannot write anywhere but into --out-dir.
const PUBLISHED_FILES: readonly (readonly [StatusPurpose, string])[] = [
  ['revocation', 'revocation.json'],
  ['suspension', 'suspension.json'],
];

const statusPublish = defineCommand({
  path: ['status', 'publish'],
  summary: 'Write the signed status list credentials, ready to host or hand to verifiers.',
  usage: 'status publish <list> --out-dir <dir> [--key <file>]',
  description: `Writes revocation.json and suspension.json into the folder, whole or not at all. The status list file is verified first: a file whose state or list credentials were changed outside Carepass, or that holds anything but the revocation and suspension list credentials, is refused. Verifiers refuse lists signed more than ${DEFAULT_MAX_STATUS_LIST_AGE_SECONDS / 86_400} days ago by default: with --key the lists are signed again with today's date (do this at least monthly); without it the lists are written as last signed, with a warning when they are older than that.`,
  examples: ['carepass status publish status.json --out-dir public/status --key issuer.key.json'],
  options: { 'out-dir': { type: 'string', description: 'folder to write revocation.json and suspension.json into', valueName: 'dir' }, key: { type: 'string', description: 'the issuer\'s key file: sign the lists again with today\'s date', valueName: 'file' }, json: jsonFlag },
  positionals: [1, 1],
  async run(context) {
    const dir = required(context, 'out-dir');
    const key = typeof context.values.key === 'string' ? await readIssuerKeyFile(resolve(context.io.cwd, context.values.key)) : undefined;
    // Verified before anything is written; readStatusListFile refuses any purpose but the two.
    const credentials = await publishStatusListFile(resolve(context.io.cwd, context.positionals[0] as string), key ? { key } : {});
    const written: { id: string; file: string }[] = [];
    for (const [purpose, name] of PUBLISHED_FILES) {
      const credential = credentials[purpose];
      const signedAt = Date.parse(String(credential.validFrom));
      if (!key && Date.now() - signedAt > DEFAULT_MAX_STATUS_LIST_AGE_SECONDS * 1000) {
        context.io.stderr(`${context.style.yellow('warning')} the ${purpose} list was signed on ${String(credential.validFrom)}; verifiers refuse lists older than ${DEFAULT_MAX_STATUS_LIST_AGE_SECONDS / 86_400} days by default: publish with --key to sign it again\n`);
      }
      await writeFileAtomic(`${dir}/${name}`, toJsonText(credential), { cwd: context.io.cwd });
      written.push({ id: String(credential.id), file: `${dir}/${name}` });
    }
    emitResult(context, written.map((entry) => `${entry.id} → ${entry.file}`).join('\n'), written);
    return EXIT_OK;
  },
});

const trustCreate = defineCommand({
  path: ['trust', 'create'],
  summary: 'Create a trust registry, signed by you as its operator.',
  usage: 'trust create --key <file> --out <file> [--name <name>]',
  examples: ['carepass trust create --key operator.key.json --out registry.json --name "Employer B approved trainers"'],
  options: { key: keyFlag, out: outFlag, name: { type: 'string', description: 'the registry\'s name', valueName: 'name' }, json: jsonFlag },
  positionals: [0, 0],
  async run(context) {
    const key = await readIssuerKeyFile(resolve(context.io.cwd, required(context, 'key')));
    const out = required(context, 'out');
    const registry = await createTrustRegistry({ key, name: typeof context.values.name === 'string' ? context.values.name : 'Trusted issuers' });
    await writeFileAtomic(out, toJsonText(registry), { cwd: context.io.cwd });
    context.io.stderr(`wrote ${out}\n`);
    if (context.values.json === true) emitResult(context, '', { id: registry.id, file: out, name: parseTrustRegistry(registry).name, operator: key.controller });
    return EXIT_OK;
  },
});

const trustAdd = defineCommand({
  path: ['trust', 'add'],
  summary: 'Add (or update) a trusted issuer in a registry, and re-sign it.',
  usage: 'trust add <registry> --key <file> --issuer <did-or-keyfile> --name <name> [--scope <ref>]… [--accreditation <text>] [--from <iso>] [--until <iso>] [--endorser]',
  description: 'A scope is a framework or micro-qualification (care-certificate, care-certificate@2025), a competency that covers its outcomes and criteria (care-certificate@2025#12), a URI prefix, or * for anything. Without --scope the issuer is trusted for nothing. With --endorser the entry is an endorser (a standards body): it is not trusted to issue, but a provider it endorses (carepass endorse), verified with --endorsement, is trusted within this scope.',
  examples: ['carepass trust add registry.json --key operator.key.json --issuer did:key:z6Mk… --name "Northern Care Training" --scope care-certificate --until 2027-12-31T23:59:59Z'],
  options: {
    key: keyFlag,
    issuer: { type: 'string', description: 'the issuer\'s DID, or its public key file', valueName: 'did' },
    name: { type: 'string', description: 'the issuer\'s name', valueName: 'name' },
    scope: { type: 'string', multiple: true, description: 'what it may attest (repeatable)', valueName: 'ref' },
    accreditation: { type: 'string', description: 'why it is trusted, e.g. "Endorsed training provider"', valueName: 'text' },
    from: { type: 'string', description: 'start of the period of trust', valueName: 'iso' },
    until: { type: 'string', description: 'end of the period of trust', valueName: 'iso' },
    endorser: { type: 'boolean', description: 'an endorser: trusted to endorse providers within the scope, not to issue' },
    json: jsonFlag,
  },
  positionals: [1, 1],
  async run(context) {
    const registryPath = context.positionals[0] as string;
    const key = await readIssuerKeyFile(resolve(context.io.cwd, required(context, 'key')));
    const registry = (await readJsonFile(registryPath, context.io.cwd)) as object;
    let issuer = required(context, 'issuer');
    if (!issuer.startsWith('did:')) issuer = getIssuerId(await readJsonFile(issuer, context.io.cwd));
    const scope = context.values.scope ?? [];
    if (scope.length === 0) throw new UsageError('give at least one --scope (e.g. care-certificate, or * for anything)');
    const trustedFrom = isoOf(context, 'from');
    const trustedUntil = isoOf(context, 'until');
    const updated = await addTrustedIssuer(
      registry,
      {
        id: issuer,
        name: required(context, 'name'),
        scope,
        ...(typeof context.values.accreditation === 'string' ? { accreditation: context.values.accreditation } : {}),
        ...(trustedFrom ? { trustedFrom } : {}),
        ...(trustedUntil ? { trustedUntil } : {}),
        ...(context.values.endorser === true ? { role: 'endorser' as const } : {}),
      },
      { key },
    );
    await writeFileAtomic(registryPath, toJsonText(updated), { cwd: context.io.cwd });
    const role = context.values.endorser === true ? 'endorser' : 'issuer';
    emitResult(context, `${parseTrustRegistry(updated).name}: ${issuer} trusted ${role === 'endorser' ? 'to endorse providers ' : ''}for ${scope.join(', ')}`, { registry: parseTrustRegistry(updated).name, file: registryPath, issuer, scope, role });
    return EXIT_OK;
  },
});

/** The `status …` and `trust …` verbs. */
export const statusTrustCommands: Command[] = [
  statusCreate,
  statusUpdate('revoke', 'revocation', true, 'Revoke a credential (permanently).'),
  statusUpdate('suspend', 'suspension', true, 'Suspend a credential.'),
  statusUpdate('unsuspend', 'suspension', false, 'Lift a suspension.'),
  statusPublish,
  trustCreate,
  trustAdd,
];
