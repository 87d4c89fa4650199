import { builtInRegistry, isJsonObject as isObject, parseDateInput } from '@carepass/frameworks';
import { verifyCredentialStream } from '@carepass/credentials';
import { assessCredentials, buildTrainingMatrix, createRecognitionEngine, type CredentialToAssess, formatRecognitionMarkdown, formatRecognitionText, formatTrainingMatrixAscWds, formatTrainingMatrixCsv, type RejectedEvidence, type TrainingMatrix } from '@carepass/portability';
import { type Command, type CommandContext, defineCommand } from '../command.js';
import { EXIT_NEGATIVE, EXIT_OK, UsageError } from '../exit-codes.js';
import { expandJsonPaths, readCredentialFile, readJsonFile, toJsonText } from '../files.js';
import { batchOptionsFor, didDocumentFlag, endorsementFlag, jsonFlag, noteSkipped } from './shared.js';
import { createProgress } from '../progress.js';

/** Whether a flag's value is a calendar day that exists (`2026-11-28`; not 30 February). */
function isCalendarDay(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/u.test(value)) return false;
  try {
    parseDateInput(value, '--as-of');
    return true;
  } catch {
    return false;
  }
}


/** The credentials in one file: a credential, an array of them, or a presentation's. */
function credentialsIn(document: unknown, file: string): CredentialToAssess[] {
  if (Array.isArray(document)) return document.map((credential, index) => ({ credential, source: `${file}[${index}]` }));
  if (isObject(document) && [document.type].flat().includes('VerifiablePresentation')) {
    const inner = [document.verifiableCredential ?? []].flat();
    return inner.map((credential, index) => ({ credential, source: `${file}#verifiableCredential[${index}]` }));
  }
  // A CLR 2.0 learner record: each credential it holds counts on its own merits.
  if (isObject(document) && [document.type].flat().includes('ClrCredential')) {
    const subject = [document.credentialSubject].flat()[0];
    const inner = isObject(subject) ? [subject.verifiableCredential ?? []].flat() : [];
    return inner.map((credential, index) => ({ credential, source: `${file}#credentialSubject.verifiableCredential[${index}]` }));
  }
  return [{ credential: document, source: file }];
}

function formatOf(context: CommandContext): 'json' | 'table' | 'markdown' {
  const format = context.values.format;
  if (context.values.json === true) {
    if (format !== undefined && format !== 'json') throw new UsageError('--json and --format cannot be combined');
    return 'json';
  }
  if (format === undefined) return 'table';
  if (format === 'json' || format === 'table' || format === 'markdown') return format;
  throw new UsageError(`--format must be table, markdown or json, not "${String(format)}"`);
}

function numberOf(context: CommandContext, name: string, min: number, max: number): number | undefined {
  const value = context.values[name];
  if (value === undefined) return undefined;
  const number = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(number) || number < min || number > max) throw new UsageError(`--${name} must be a number from ${min} to ${max}`);
  return number;
}

/** Reads every credential in the files and folders given; a file that cannot be read is one rejection, and the rest still run. */
async function readCredentials(context: CommandContext, options: { noteOnStderr: boolean }): Promise<{ inputs: CredentialToAssess[]; unreadable: RejectedEvidence[] }> {
  const files = await expandJsonPaths(context.positionals, context.io.cwd, noteSkipped(context));
  const inputs: CredentialToAssess[] = [];
  const unreadable: RejectedEvidence[] = [];
  for (const file of files) {
    try {
      inputs.push(...credentialsIn(await readCredentialFile(file, context.io.cwd), file));
    } catch (error) {
      unreadable.push({ source: file, code: 'unreadable', message: (error as Error).message });
      if (options.noteOnStderr) context.io.stderr(`${context.style.red('✗')} ${(error as Error).message}\n`);
    }
  }
  return { inputs, unreadable };
}

const recognise = defineCommand({
  path: ['recognise'],
  summary: 'Assess a worker\'s credentials against a framework: recognised, observation needed, refresher due, top-up, gap, and a training plan.',
  usage: 'recognise --target <slug[@version]> [--as-of <date>] [--trust <registry>]… [--status-lists <dir>] [--accept-untrusted] [--json | --format table|markdown] <file|dir>…',
  description:
    'Verifies every credential first (files may hold a credential as JSON or as a VC-JWT (.jwt), an array of credentials, a presentation, or a CLR 2.0 learner record, whose credentials count each on its own merits; use verify-presentation to check the holder\'s proof): tampered, invalid, revoked or suspended ones are listed as rejected and not counted, expired ones count as learning due a refresher. Then assesses them against the target at --as-of (default today). A folder contributes the *.json and *.jwt regular files directly in it; other entries (FIFOs, sockets, devices, folders) are skipped with a note on stderr. Exit 0 when every credential could be used, 1 when any was rejected, 2 for bad usage. --json prints { target, asOf, policy, summary, standards: [{ code, title, status, …, outcomes: [{ …, criteria: […] }] }], plan: […], evidence: […], rejectedEvidence: […] }.',
  examples: [
    'carepass recognise --target care-certificate@2025 worker/',
    'carepass recognise --target care-certificate@2025 --as-of 2026-11-23 --trust registry.json --status-lists status/ worker/ --json',
    'carepass recognise --target level-2-adult-social-care-certificate --format markdown presentation.json',
  ],
  options: {
    target: { type: 'string', description: 'the framework to assess against, slug[@version]', valueName: 'ref' },
    'as-of': { type: 'string', description: 'the date to assess at (YYYY-MM-DD); default today', valueName: 'date' },
    trust: { type: 'string', multiple: true, description: 'a trust registry; issuers it does not list do not count (repeatable)', valueName: 'registry' },
    endorsement: endorsementFlag,
    'status-lists': { type: 'string', description: 'a folder of status list credentials or status list files', valueName: 'dir' },
    'accept-unknown-status': { type: 'boolean', description: 'use credentials whose status list cannot be had (fail open)' },
    'accept-untrusted': { type: 'boolean', description: 'count credentials from issuers the trust registry does not list (with lower confidence)' },
    'no-reobservation': { type: 'boolean', description: 'accept workplace observations made by the previous employer instead of observing again' },
    'minimum-coverage': { type: 'string', description: 'coverage (0–1) a mapping needs to recognise a criterion; default 0.8', valueName: 'n' },
    'did-document': didDocumentFlag,
    format: { type: 'string', description: 'table (default), markdown or json', valueName: 'format' },
    json: jsonFlag,
  },
  positionals: [1, Number.POSITIVE_INFINITY],
  async run(context) {
    const target = context.values.target;
    if (typeof target !== 'string' || target === '') throw new UsageError('--target is required, e.g. --target care-certificate@2025');
    const format = formatOf(context);
    const asOfValue = context.values['as-of'];
    if (asOfValue !== undefined && (typeof asOfValue !== 'string' || !/^\d{4}-\d{2}-\d{2}(T.*)?$/.test(asOfValue) || Number.isNaN(Date.parse(asOfValue)))) {
      throw new UsageError('--as-of must be a date, e.g. 2026-11-23');
    }
    const minimumCoverage = numberOf(context, 'minimum-coverage', 0, 1);
    const registry = builtInRegistry();
    const engine = createRecognitionEngine({
      target,
      registry,
      policy: {
        ...(typeof asOfValue === 'string' ? { asOf: asOfValue } : {}),
        acceptUntrusted: context.values['accept-untrusted'] === true,
        requireReobservation: context.values['no-reobservation'] !== true,
        ...(minimumCoverage === undefined ? {} : { minimumCoverage }),
      },
    });
    const { inputs, unreadable } = await readCredentials(context, { noteOnStderr: false });
    // Verified exactly as `carepass verify` verifies (the same options, on worker threads).
    const batch = await batchOptionsFor(context, undefined);
    const progress = createProgress(context.io, 'verifying', inputs.length);
    const report = await assessCredentials(engine, inputs, { verifyAll: (credentials) => verifyCredentialStream(credentials, batch), unreadable, onVerified: (done) => progress.update(done) });
    progress.finish();
    if (format === 'json') context.io.stdout(toJsonText(report));
    else if (format === 'markdown') context.io.stdout(formatRecognitionMarkdown(report));
    else context.io.stdout(formatRecognitionText(report, { style: context.style }));
    return report.rejectedEvidence.length > 0 ? EXIT_NEGATIVE : EXIT_OK;
  },
});

const STATUS_MARK: Record<string, string> = { current: '✓', 'due-soon': '!', expired: '✗', missing: '·' };

function formatMatrixText(matrix: TrainingMatrix, context: CommandContext): string {
  const lines = [context.style.bold(`Mandatory training as of ${matrix.asOf} (due soon: within ${matrix.dueWithinDays} days)`), ''];
  for (const worker of matrix.workers) {
    lines.push(context.style.bold(worker.subject));
    for (const entry of worker.entries) {
      const mark = STATUS_MARK[entry.status] ?? '?';
      const colour = entry.status === 'current' ? context.style.green : entry.status === 'missing' ? context.style.dim : entry.status === 'expired' ? context.style.red : context.style.yellow;
      const when = entry.completed ? `completed ${entry.completed}${entry.expires ? `, ${entry.status === 'expired' ? 'expired' : 'expires'} ${entry.expires}` : ', no refresh period published'}` : 'no evidence';
      lines.push(`  ${colour(`${mark} ${entry.status.padEnd(8)}`)} ${entry.title}: ${when}`);
    }
    lines.push('');
  }
  if (matrix.rejected.length > 0) {
    lines.push(context.style.bold('Not counted'));
    for (const rejection of matrix.rejected) lines.push(`  ${context.style.red('✗')} ${rejection.source}: ${rejection.code}: ${rejection.message}`);
    lines.push('');
  }
  return `${lines.join('\n')}`;
}

/** The matrix's output: --json, --csv, or --format (text, json, csv, asc-wds), one at a time. */
function matrixFormatOf(context: CommandContext): 'text' | 'json' | 'csv' | 'asc-wds' {
  const chosen = [context.values.json === true ? 'json' : undefined, context.values.csv === true ? 'csv' : undefined, context.values.format].filter((value): value is string => typeof value === 'string');
  if (chosen.length > 1) throw new UsageError('choose one of --json, --csv and --format');
  const format = chosen[0] ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'csv' && format !== 'asc-wds') throw new UsageError(`--format must be text, json, csv or asc-wds, not "${format}"`);
  const workplace = context.values.workplace;
  if (format === 'asc-wds' && (typeof workplace !== 'string' || workplace.trim().length === 0 || workplace.trim().length > 50)) throw new UsageError('--format asc-wds needs --workplace <id>: the workplace\'s ASC-WDS reference (LOCALESTID), up to 50 characters');
  if (format !== 'asc-wds' && (workplace !== undefined || context.values['worker-ids'] !== undefined)) throw new UsageError('--workplace and --worker-ids go with --format asc-wds');
  return format;
}

/** The --worker-ids file: a JSON object from credential subject to ASC-WDS worker id. */
async function workerIdsOf(context: CommandContext): Promise<Record<string, string> | undefined> {
  const path = context.values['worker-ids'];
  if (typeof path !== 'string') return undefined;
  const document = await readJsonFile(path, context.io.cwd);
  if (!isObject(document)) throw new UsageError(`${path}: --worker-ids must be a JSON object from credential subject to ASC-WDS worker id`);
  for (const [subject, id] of Object.entries(document)) {
    if (typeof id !== 'string') throw new UsageError(`${path}: $["${subject}"] must be a string (the worker's UNIQUEWORKERID), not ${id === null ? 'null' : typeof id}`);
  }
  return document as Record<string, string>;
}

const matrix = defineCommand({
  path: ['matrix'],
  summary: 'The mandatory-training matrix: for each worker and core topic, the latest completion, when it expires, and whether it is current, due soon, expired or missing.',
  usage: 'matrix [--as-of <date>] [--trust <registry>]… [--status-lists <dir>] [--due-within <days>] [--json | --csv | --format asc-wds --workplace <id> [--worker-ids <file>]] <file|dir>…',
  description:
    'Verifies every credential first: tampered, invalid, revoked or suspended credentials, and (with --trust) credentials from issuers not trusted for them, never count and are listed with the reason. Credentials are grouped by worker (their subject). Each core and mandatory topic (basic life support, safeguarding, moving and assisting people, fire safety, …) is evidenced by credentials for the framework competencies it names, and expires after its published refresh period (none is invented where none is published). A file that cannot be read is reported on one line and the rest still run. Exit 0 when every credential counted, 1 when any was not, 2 for bad usage. --json prints { asOf, dueWithinDays, topics: [{ id, title, renewalMonths, ascWdsCategory }], workers: [{ subject, entries: [{ topic, title, status, completed, expires, evidence }] }], rejected: [{ source, id?, code, message }] }; --csv prints one row per worker and topic. --format asc-wds prints an ASC-WDS (Adult Social Care Workforce Data Set) training bulk-upload file: one row per worker and evidenced topic, with the topic\'s ASC-WDS category code and DD/MM/YYYY dates, in the format the service\'s public source code defines; workers whose id does not fit are listed on standard error (exit 1). Uploading it replaces the workplace\'s training records in ASC-WDS.',
  examples: ['carepass matrix staff/ --as-of 2026-11-28 --trust registry.json --status-lists status/', 'carepass matrix staff/ --csv > matrix.csv', 'carepass matrix staff/ --format asc-wds --workplace W1234 --worker-ids staff-ids.json > training.csv'],
  options: {
    'as-of': { type: 'string', description: 'the date to describe (YYYY-MM-DD); default today', valueName: 'date' },
    trust: { type: 'string', multiple: true, description: 'a trust registry; only credentials from issuers it trusts count (repeatable)', valueName: 'registry' },
    endorsement: endorsementFlag,
    'status-lists': { type: 'string', description: 'a folder of status list credentials or status list files', valueName: 'dir' },
    'accept-unknown-status': { type: 'boolean', description: 'count credentials whose status list cannot be had (fail open)' },
    'due-within': { type: 'string', description: 'days before expiry when a topic is due soon; default 30', valueName: 'days' },
    'did-document': didDocumentFlag,
    json: jsonFlag,
    csv: { type: 'boolean', description: 'print CSV, one row per worker and topic' },
    format: { type: 'string', description: 'text (default), json, csv, or asc-wds: an ASC-WDS training bulk-upload file', valueName: 'format' },
    workplace: { type: 'string', description: 'with --format asc-wds: the workplace\'s ASC-WDS reference (LOCALESTID)', valueName: 'id' },
    'worker-ids': { type: 'string', description: 'with --format asc-wds: a JSON object from credential subject to the staff file\'s UNIQUEWORKERID', valueName: 'file' },
  },
  positionals: [1, Number.POSITIVE_INFINITY],
  async run(context) {
    const output = matrixFormatOf(context);
    const workerIds = output === 'asc-wds' ? await workerIdsOf(context) : undefined;
    const asOfValue = context.values['as-of'];
    if (asOfValue !== undefined && !isCalendarDay(asOfValue)) throw new UsageError('--as-of must be a date, e.g. 2026-11-28');
    const due = numberOf(context, 'due-within', 0, 3650);
    if (due !== undefined && !Number.isInteger(due)) throw new UsageError('--due-within must be a whole number of days');
    const { inputs, unreadable } = await readCredentials(context, { noteOnStderr: true });
    const batch = await batchOptionsFor(context, undefined);
    const result = await buildTrainingMatrix(inputs, {
      ...(typeof asOfValue === 'string' ? { asOf: asOfValue } : {}),
      ...(due === undefined ? {} : { dueWithinDays: due }),
      verifyAll: (credentials) => verifyCredentialStream(credentials, batch),
      unreadable,
    });
    if (output === 'json') context.io.stdout(toJsonText(result));
    else if (output === 'csv') context.io.stdout(formatTrainingMatrixCsv(result));
    else if (output === 'asc-wds') {
      const file = formatTrainingMatrixAscWds(result, { workplace: context.values.workplace ?? '', ...(workerIds ? { workerIds } : {}) });
      context.io.stdout(file.csv);
      for (const skipped of file.skipped) context.io.stderr(`carepass: left out of the ASC-WDS file: ${skipped.subject}${skipped.topic ? ` (${skipped.topic})` : ''}: ${skipped.reason}\n`);
      if (file.skipped.length > 0) return EXIT_NEGATIVE;
    } else context.io.stdout(formatMatrixText(result, context));
    return result.rejected.length > 0 ? EXIT_NEGATIVE : EXIT_OK;
  },
});

/** The recognition and training-matrix verbs. */
export const recogniseCommands: Command[] = [recognise, matrix];
