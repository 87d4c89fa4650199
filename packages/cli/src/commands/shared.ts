// Flags and helpers the command files share. Command files import from here and from the CLI's
// own modules, never from each other.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  createDocumentLoader,
  createStatusChecker,
  createTrustChecker,
  type DocumentLoader,
  readStatusListDocuments,
  createStatusListResolver,
  type VerifyCredentialOptions,
  type VerifyCredentialBatchOptions,
} from '@carepass/credentials';
import { formatDateTimeStamp } from '@carepass/frameworks';
import type { CommandContext } from '../command.js';
import { UsageError } from '../exit-codes.js';
import { readCredentialFile, readJsonFile, toJsonText, writeFileAtomic } from '../files.js';

/** `--json`: print machine-readable JSON. */
export const jsonFlag = { type: 'boolean', description: 'print machine-readable JSON' } as const;
/** `--out <file>`: write the output to a file, whole or not at all. */
export const outFlag = { type: 'string', description: 'write to this file (whole or not at all) instead of standard output', valueName: 'file' } as const;

/** Writes a command's JSON output to `--out` (atomically, noting it on stderr) or to standard output. */
export async function emitJson(context: CommandContext, value: unknown): Promise<void> {
  await emitText(context, toJsonText(value));
}

/** Writes text to `--out` (atomically) or to stdout, as {@link emitJson} writes JSON. */
export async function emitText(context: CommandContext, text: string): Promise<void> {
  const out = context.values.out;
  if (typeof out === 'string') {
    await writeFileAtomic(out, text, { cwd: context.io.cwd });
    context.io.stderr(`wrote ${out}\n`);
  } else {
    context.io.stdout(text);
  }
}

/** Prints a command's result: the line for people, or with `--json` the same facts as JSON. */
export function emitResult(context: CommandContext, human: string, data: unknown): void {
  context.io.stdout(context.values.json === true ? toJsonText(data) : `${human}\n`);
}

/** Where a folder's left-out entries are noted (see `expandJsonPaths`): one line each on stderr, so --json output stays clean. */
export function noteSkipped(context: CommandContext): (note: string) => void {
  return (note) => context.io.stderr(`${context.style.yellow('skipped')} ${note}\n`);
}

/**
 * A verification result as `--json` prints it: `{ verified, status, checks, credential }` (and a
 * presentation's fields), without the signed view (`document`), which the library returns for
 * programs to act on and which would make the output several times larger.
 */
export function shownResult<T extends object>(result: T): Omit<T, 'document'> {
  const { document: _document, ...shown } = result as T & { document?: unknown };
  if ('credentials' in shown && Array.isArray(shown.credentials)) return { ...shown, credentials: shown.credentials.map((entry: object) => shownResult(entry)) } as Omit<T, 'document'>;
  return shown;
}

/** `--endorsement <file>`: an EndorsementCredential presented with the credentials (repeatable). */
export const endorsementFlag = { type: 'string', multiple: true, description: 'an EndorsementCredential (JSON or JWT) presented with the credentials: with --trust, one by an endorser the registry names makes the issuer it endorses trusted within the endorser\'s scope (repeatable)', valueName: 'file' } as const;

/** `--did-document <file>`: a DID document to resolve did:web issuers from, offline (repeatable). */
export const didDocumentFlag = { type: 'string', multiple: true, description: 'a DID document (did.json) to resolve did:web issuers from, offline', valueName: 'file' } as const;

/** The value of a required string flag. @throws UsageError when it is missing or empty. */
export function requireString(context: CommandContext, name: string): string {
  const value = context.values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

/**
 * The value of a date flag as a UTC date-time (`2016-05-01T09:00:00Z`; a plain day is its
 * midnight UTC), or undefined. It is read as the library reads every date (`parseDateInput`).
 * @throws UsageError when it is not an ISO 8601 day or date-time with an offset.
 */
export function isoOf(context: CommandContext, name: string): string | undefined {
  const value = context.values[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string') {
    try {
      return formatDateTimeStamp(value, `--${name}`);
    } catch {
      // Falls through to the usage error below.
    }
  }
  throw new UsageError(`--${name} must be an ISO 8601 date (2016-05-01) or date-time with an offset (2016-05-01T09:00:00Z)`);
}

/** What --status-lists, --accept-unknown-status and --trust name: the documents themselves, read once. */
async function statusAndTrustInputsFor(context: CommandContext): Promise<Pick<VerifyCredentialBatchOptions, 'failClosed' | 'statusLists' | 'trustRegistries' | 'trustEndorsements'>> {
  const inputs: Pick<VerifyCredentialBatchOptions, 'failClosed' | 'statusLists' | 'trustRegistries' | 'trustEndorsements'> = { failClosed: context.values['accept-unknown-status'] !== true };
  const endorsements = (context.values.endorsement as string[] | undefined) ?? [];
  if (endorsements.length > 0) {
    const documents: unknown[] = [];
    for (const file of endorsements) documents.push(await readCredentialFile(file, context.io.cwd));
    inputs.trustEndorsements = documents;
  }
  const statusDir = context.values['status-lists'];
  if (typeof statusDir === 'string') {
    const directory = resolve(context.io.cwd, statusDir);
    const isDirectory = await stat(directory).then((info) => info.isDirectory(), () => false);
    if (!isDirectory) throw new UsageError(`--status-lists ${statusDir}: not a folder`);
    inputs.statusLists = await readStatusListDocuments(directory);
  }
  const registries = (context.values.trust as string[] | undefined) ?? [];
  if (registries.length > 0) {
    const documents: object[] = [];
    for (const file of registries) documents.push((await readJsonFile(file, context.io.cwd)) as object);
    inputs.trustRegistries = documents;
  }
  return inputs;
}

/** Status and trust checks from --status-lists, --accept-unknown-status and --trust. */
export async function extraChecksFor(context: CommandContext, documentLoader: DocumentLoader, now: string | undefined): Promise<Pick<VerifyCredentialOptions, 'checkStatus' | 'checkTrust' | 'failClosed'>> {
  const { failClosed = true, statusLists, trustRegistries, trustEndorsements } = await statusAndTrustInputsFor(context);
  const options: Pick<VerifyCredentialOptions, 'checkStatus' | 'checkTrust' | 'failClosed'> = { failClosed };
  if (statusLists) options.checkStatus = createStatusChecker({ resolve: createStatusListResolver(statusLists), failClosed });
  if (trustRegistries) options.checkTrust = await createTrustChecker({ registries: trustRegistries, documentLoader, ...(trustEndorsements ? { endorsements: trustEndorsements } : {}), ...(now ? { now: new Date(now) } : {}) });
  return options;
}

async function didDocumentsFor(context: CommandContext): Promise<Record<string, object>> {
  const didDocuments: Record<string, object> = {};
  for (const file of (context.values['did-document'] as string[] | undefined) ?? []) {
    const document = (await readJsonFile(file, context.io.cwd)) as { id?: unknown };
    if (typeof document?.id !== 'string') throw new UsageError(`${file}: not a DID document (no "id")`);
    didDocuments[document.id] = document;
  }
  return didDocuments;
}

/** An offline document loader that also resolves the DID documents named by --did-document. */
export async function loaderFor(context: CommandContext): Promise<DocumentLoader> {
  return createDocumentLoader({ didDocuments: await didDocumentsFor(context) });
}

/** The options of batch verification from --did-document, --status-lists, --accept-unknown-status, --trust and --now: plain data, for the worker threads. */
export async function batchOptionsFor(context: CommandContext, now: string | undefined): Promise<VerifyCredentialBatchOptions> {
  return { cwd: context.io.cwd, didDocuments: await didDocumentsFor(context), ...(await statusAndTrustInputsFor(context)), ...(now ? { now: new Date(now) } : {}) };
}
