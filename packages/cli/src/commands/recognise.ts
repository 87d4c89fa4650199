import { builtInRegistry } from '@carepass/frameworks';
import { assessCredentials, createRecognitionEngine, type CredentialToAssess, formatRecognitionMarkdown, type RecognitionReport, type RecognitionStatus, type RejectedEvidence, STATUS_LABELS } from '@carepass/portability';
import type { Command, CommandContext } from '../command.js';
import { EXIT_NEGATIVE, EXIT_OK, UsageError } from '../exit-codes.js';
import { expandJsonPaths, readJsonFile, toJsonText } from '../files.js';
import type { Style } from '../style.js';
import { didDocumentFlag, extraChecksFor, loaderFor } from './credentials.js';
import { jsonFlag } from './output.js';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The credentials in one file: a credential, an array of them, or a presentation's. */
function credentialsIn(document: unknown, file: string): CredentialToAssess[] {
  if (Array.isArray(document)) return document.map((credential, index) => ({ credential, source: `${file}[${index}]` }));
  if (isObject(document) && [document.type].flat().includes('VerifiablePresentation')) {
    const inner = [document.verifiableCredential ?? []].flat();
    return inner.map((credential, index) => ({ credential, source: `${file}#verifiableCredential[${index}]` }));
  }
  return [{ credential: document, source: file }];
}

const MARKS: Record<RecognitionStatus, string> = { recognised: '✓', 'recognised-pending-observation': '◐', 'refresh-due': '↻', partial: '◑', gap: '✗' };

function paint(style: Style, status: RecognitionStatus, text: string): string {
  switch (status) {
    case 'recognised':
      return style.green(text);
    case 'recognised-pending-observation':
      return style.cyan(text);
    case 'gap':
      return style.red(text);
    default:
      return style.yellow(text);
  }
}

const fit = (text: string, width: number): string => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));

/** The report as a terminal table: standards, the plan, the evidence. Plain text when not a terminal. */
export function formatRecognitionTable(report: RecognitionReport, style: Style): string {
  const lines: string[] = [];
  lines.push(style.bold(`Recognition of prior learning: ${report.target.title} (${report.target.ref}), as of ${report.asOf}`), '');
  const codeWidth = Math.max(...report.standards.map((standard) => standard.code.length), 2);
  lines.push(style.dim(`  ${'Standard'.padEnd(codeWidth + 46)}  ${'Status'.padEnd(20)}  Still to do`));
  for (const standard of report.standards) {
    const todo = [
      standard.refreshDue.length > 0 ? `refresh ${standard.refreshDue.join(', ')}` : '',
      standard.missing.length > 0 ? (standard.status === 'gap' ? 'all of it' : `train ${standard.missing.join(', ')}`) : '',
      standard.pendingObservation.length > 0 ? `observe ${standard.pendingObservation.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    const status = paint(style, standard.status, `${MARKS[standard.status]} ${STATUS_LABELS[standard.status]}`.padEnd(20));
    lines.push(`  ${standard.code.padEnd(codeWidth)} ${fit(standard.title, 45)}  ${status}  ${todo || '—'}`);
  }
  lines.push('', style.bold(report.summary.headline), '', style.bold('Training plan'));
  if (report.plan.length === 0) lines.push('  Nothing to do: everything is recognised.');
  for (const item of report.plan) lines.push(`  ${String(item.order).padStart(2)}. ${item.title} ${style.dim(`(${item.hours} h)`)}`);
  lines.push('', style.bold('Evidence'));
  for (const item of report.evidence) {
    const who = item.issuer?.name ?? item.issuer?.id ?? 'unknown issuer';
    const mark = item.counted ? style.green('✓') : style.yellow('–');
    const state = item.counted ? `counted (${item.trust}), decides ${item.decides} criteria` : `not counted: ${item.reason ?? ''}`;
    lines.push(`  ${mark} ${item.title ?? item.id} — ${who}, ${item.achievedAt.slice(0, 10)}${item.source ? ` [${item.source}]` : ''}: ${state}`);
  }
  for (const item of report.rejectedEvidence) lines.push(`  ${style.red('✗')} ${item.source}: ${style.red(`rejected (${item.code})`)}: ${item.message}`);
  if (report.evidence.length === 0 && report.rejectedEvidence.length === 0) lines.push('  No evidence was given.');
  return `${lines.join('\n')}\n`;
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

const recognise: Command = {
  path: ['recognise'],
  summary: 'Assess a worker\'s credentials against a framework: recognised, observation needed, refresher due, top-up, gap, and a training plan.',
  usage: 'recognise --target <slug[@version]> [--as-of <date>] [--trust <registry>]… [--status-lists <dir>] [--accept-untrusted] [--json | --format table|markdown] <file|dir>…',
  description:
    'Verifies every credential first (files may hold a credential, an array of credentials, or a presentation; use verify-presentation to check the holder\'s proof): tampered, invalid, revoked or suspended ones are listed as rejected and not counted, expired ones count as learning due a refresher. Then assesses them against the target at --as-of (default today). Exit 0 when every credential could be used, 1 when any was rejected, 2 for bad usage. --json prints { target, asOf, policy, summary, standards: [{ code, title, status, …, outcomes: [{ …, criteria: […] }] }], plan: […], evidence: […], rejectedEvidence: […] }.',
  examples: [
    'carepass recognise --target care-certificate@2025 worker/',
    'carepass recognise --target care-certificate@2025 --as-of 2026-11-23 --trust registry.json --status-lists status/ worker/ --json',
    'carepass recognise --target level-2-adult-social-care-certificate --format markdown presentation.json',
  ],
  options: {
    target: { type: 'string', description: 'the framework to assess against, slug[@version]', valueName: 'ref' },
    'as-of': { type: 'string', description: 'the date to assess at (YYYY-MM-DD); default today', valueName: 'date' },
    trust: { type: 'string', multiple: true, description: 'a trust registry; issuers it does not list do not count (repeatable)', valueName: 'registry' },
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
    const files = await expandJsonPaths(context.positionals, context.io.cwd);
    const documentLoader = await loaderFor(context);
    const checks = await extraChecksFor(context, documentLoader, undefined);
    const inputs: CredentialToAssess[] = [];
    const unreadable: RejectedEvidence[] = [];
    for (const file of files) {
      try {
        inputs.push(...credentialsIn(await readJsonFile(file, context.io.cwd), file));
      } catch (error) {
        unreadable.push({ source: file, code: 'unreadable', message: (error as Error).message });
      }
    }
    const assessed = await assessCredentials(engine, inputs, { verify: { documentLoader, ...checks } });
    const report: RecognitionReport = { ...assessed, rejectedEvidence: [...unreadable, ...assessed.rejectedEvidence], summary: { ...assessed.summary, evidence: { ...assessed.summary.evidence, rejected: unreadable.length + assessed.rejectedEvidence.length } } };
    if (format === 'json') context.io.stdout(toJsonText(report));
    else if (format === 'markdown') context.io.stdout(formatRecognitionMarkdown(report));
    else context.io.stdout(formatRecognitionTable(report, context.style));
    return report.rejectedEvidence.length > 0 ? EXIT_NEGATIVE : EXIT_OK;
  },
};

/** The recognition verb. */
export const recogniseCommands: Command[] = [recognise];
