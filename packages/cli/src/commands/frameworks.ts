import {
  auditPublication,
  builtInPublications,
  builtInRegistry,
  checkPublications,
  type Competency,
  exportCasePackage,
  exportMicroQualificationCasePackage,
  type Framework,
  importCasePackage,
  type Publication,
  safeParsePublication,
  toJsonSchema,
  type ValidationIssue,
} from '@carepass/frameworks';
import { type Command, type CommandContext, defineCommand } from '../command.js';
import { EXIT_NEGATIVE, EXIT_OK, UsageError } from '../exit-codes.js';
import { readJsonFile, toJsonText } from '../files.js';
import { emitJson, jsonFlag, outFlag } from './shared.js';
import type { Style } from '../style.js';

const CONFIDENCE_MARK: Record<string, string> = { confirmed: '', secondary: ' ◐', unconfirmed: ' ?', inferred: ' ~' };

function renderTree(nodes: readonly Competency[], style: Style, depth: number, lines: string[], maxDepth: number): void {
  if (depth >= maxDepth) return;
  const width = Math.max(...nodes.map((node) => node.code.length));
  for (const node of nodes) {
    const extras = [node.assessmentMethod, node.renewalMonths === undefined ? undefined : `renew ${node.renewalMonths}m`, node.appliesTo?.join('/')].filter(Boolean);
    const mark = CONFIDENCE_MARK[node.provenance?.confidence ?? 'confirmed'] ?? '';
    lines.push(`${'  '.repeat(depth)}${style.bold(node.code.padEnd(width))}  ${node.title}${style.yellow(mark)}${extras.length > 0 ? style.dim(`  [${extras.join(', ')}]`) : ''}`);
    if (node.children) renderTree(node.children, style, depth + 1, lines, maxDepth);
  }
}

function renderPublication(publication: Publication, style: Style, maxDepth: number): string {
  const lines = [`${style.bold(publication.title)} — ${publication.slug}@${publication.version} (${publication.status})`];
  const validity = `${publication.validFrom}${publication.validUntil ? ` to ${publication.validUntil}` : ' onwards'}`;
  if (publication.type === 'CompetencyFramework') {
    lines.push(`${style.dim('Publisher:')} ${publication.publisher.name}   ${style.dim('Jurisdiction:')} ${publication.jurisdiction.join(', ')}   ${style.dim('Valid:')} ${validity}`);
    if (publication.supersedes) lines.push(`${style.dim('Supersedes:')} ${publication.supersedes}`);
    lines.push('');
    renderTree(publication.competencies, style, 0, lines, maxDepth);
  } else {
    lines.push(`${style.dim('Awarding body:')} ${publication.awardingBody.name}   ${style.dim('Country:')} ${publication.country}   ${style.dim('Valid:')} ${validity}`);
    const level = Object.entries(publication.level).map(([scale, value]) => `${scale.toUpperCase()} ${value}`).join(', ');
    lines.push(`${style.dim('Workload:')} ${publication.workload.hours} h${publication.workload.ects === undefined ? '' : ` (${publication.workload.ects} ECTS)`}   ${style.dim('Level:')} ${level}   ${style.dim('Assessment:')} ${publication.assessment.type}   ${style.dim('Participation:')} ${publication.participation.mode}`);
    lines.push('', publication.description, '');
    for (const outcome of publication.learningOutcomes) {
      lines.push(`${style.bold(outcome.code)}  ${outcome.statement}`, style.dim(`    evidences ${outcome.competencies.join(', ')}`));
    }
  }
  lines.push('', style.dim('◐ secondary source   ? unconfirmed   ~ inferred by Carepass (see provenance in --json)'));
  return `${lines.join('\n')}\n`;
}

const list = defineCommand({
  path: ['frameworks', 'list'],
  summary: 'List the built-in frameworks and micro-qualifications.',
  usage: 'frameworks list [--json]',
  examples: ['carepass frameworks list', 'carepass frameworks list --json'],
  options: { json: jsonFlag },
  positionals: [0, 0],
  async run({ io, style, values }) {
    const entries = builtInRegistry().list();
    if (values.json) {
      io.stdout(toJsonText(entries));
      return EXIT_OK;
    }
    const rows = entries.map((entry) => [entry.ref, entry.type === 'MicroQualification' ? 'micro-qualification' : 'framework', entry.status, String(entry.size), entry.title]);
    const header = ['REFERENCE', 'KIND', 'STATUS', 'ITEMS', 'TITLE'];
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] as string).length)));
    const format = (row: string[]) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] as number))).join('  ');
    io.stdout(`${style.bold(format(header))}\n${rows.map(format).join('\n')}\n`);
    return EXIT_OK;
  },
});

const show = defineCommand({
  path: ['frameworks', 'show'],
  summary: 'Show a framework or micro-qualification, as a tree or as its JSON document.',
  usage: 'frameworks show <slug[@version]> [--depth <n>] [--json]',
  description: 'Without a version, the latest published version is shown. The --json output is the document itself and passes `carepass frameworks validate`.',
  examples: ['carepass frameworks show care-certificate@2015', 'carepass frameworks show care-certificate --depth 1', 'carepass frameworks show care-certificate --json > care-certificate.json'],
  options: { json: jsonFlag, depth: { type: 'string', description: 'show only this many levels of the tree (1 = standards)', valueName: 'n' } },
  positionals: [1, 1],
  async run({ io, style, values, positionals }) {
    const depth = values.depth === undefined ? Number.POSITIVE_INFINITY : Number(values.depth);
    if (!Number.isInteger(depth) && depth !== Number.POSITIVE_INFINITY) throw new UsageError(`--depth must be a whole number, not "${String(values.depth)}"`);
    if (depth < 1) throw new UsageError('--depth must be at least 1');
    const publication = builtInRegistry().get(positionals[0] as string);
    io.stdout(values.json ? toJsonText(publication) : renderPublication(publication, style, depth));
    return EXIT_OK;
  },
});

async function readPublications(paths: readonly string[], context: CommandContext): Promise<Publication[]> {
  const publications: Publication[] = [];
  for (const path of paths) {
    const result = safeParsePublication(await readJsonFile(path, context.io.cwd));
    if (!result.ok) throw new UsageError(`${path}: not a valid framework or micro-qualification (${result.issues[0]?.path}: ${result.issues[0]?.message})`);
    publications.push(result.value);
  }
  return publications;
}

const validate = defineCommand({
  path: ['frameworks', 'validate'],
  summary: 'Validate a framework or micro-qualification document.',
  usage: 'frameworks validate <file> [--with <file>]… [--json]',
  description:
    'Checks the shape, unique codes and ids, dates, cycles, and that every reference (supersedes, micro-qualification outcomes, stackability) resolves against the built-in publications and any --with documents. Also audits the content for what an assessor needs, as warnings that leave the document valid: learning outcomes without criteria, items marked confirmed or secondary without a cited locator, citations of unlisted sources, placeholder text marked confirmed, and criteria that have lost their command verb. Exit 0 when valid, 1 when invalid (each issue is printed with its JSON path), 2 when the file cannot be read. --json prints { file, valid, ref, type, issues, warnings }.',
  examples: ['carepass frameworks validate my-framework.json', 'carepass frameworks validate my-micro-qualification.json --with my-framework.json --json'],
  options: { json: jsonFlag, with: { type: 'string', multiple: true, description: 'another document that references may resolve to', valueName: 'file' } },
  positionals: [1, 1],
  async run(context) {
    const { io, style, values, positionals } = context;
    const file = positionals[0] as string;
    const input = await readJsonFile(file, io.cwd);
    const result = safeParsePublication(input);
    let issues: ValidationIssue[] = result.issues;
    if (result.ok) {
      const companions = await readPublications((values.with as string[] | undefined) ?? [], context);
      const key = (publication: Publication) => `${publication.slug}@${publication.version}`;
      const replaced = new Set([result.value, ...companions].map(key));
      const others = builtInPublications().filter((publication) => !replaced.has(key(publication)));
      const self = key(result.value);
      // Only issues about this document count (`ref` names the document an issue is about); the
      // file is named already, so its reference is taken off the message and the issue.
      issues = checkPublications([...others, ...companions, result.value])
        .filter((issue) => issue.ref === self)
        .map(({ ref: _ref, ...issue }) => ({ ...issue, message: issue.message.replace(`${self}: `, '') }));
    }
    const valid = issues.length === 0;
    // Content an assessor could not sign off (no criteria, no locator, placeholder, lost verb):
    // warnings, which leave a valid document valid.
    const warnings = result.ok ? auditPublication(result.value) : [];
    if (values.json) {
      io.stdout(toJsonText({ file, valid, ...(result.ok ? { ref: `${result.value.slug}@${result.value.version}`, type: result.value.type } : {}), issues, warnings }));
    } else if (valid && result.ok) {
      io.stdout(`${style.green('valid')}: ${file} is ${result.value.type === 'MicroQualification' ? 'micro-qualification' : 'framework'} ${result.value.slug}@${result.value.version}${warnings.length > 0 ? `, with ${warnings.length} ${warnings.length === 1 ? 'warning' : 'warnings'}` : ''}\n`);
      for (const warning of warnings) io.stdout(`  ${style.yellow('warning')} ${style.bold(warning.path)}: ${warning.message} ${style.dim(`[${warning.code}]`)}\n`);
    } else {
      io.stdout(`${style.red('invalid')}: ${file} has ${issues.length} ${issues.length === 1 ? 'issue' : 'issues'}\n`);
      for (const issue of issues) io.stdout(`  ${style.bold(issue.path)}: ${issue.message} ${style.dim(`[${issue.code}]`)}\n`);
    }
    return valid ? EXIT_OK : EXIT_NEGATIVE;
  },
});

const exportCommand = defineCommand({
  path: ['frameworks', 'export'],
  summary: 'Export a framework or micro-qualification as a 1EdTech CASE 1.1 package, as Carepass JSON, or the JSON Schema of its model.',
  usage: 'frameworks export <slug[@version]> --format case|json|json-schema [--out <file>]',
  description: 'CASE packages use deterministic identifiers, so exporting the same version twice gives identical files. json-schema prints the JSON Schema (2020-12) that documents of this kind must follow.',
  examples: [
    'carepass frameworks export care-certificate@2025 --format case --out care-certificate-2025.case.json',
    'carepass frameworks export care-certificate --format json-schema',
  ],
  options: { format: { type: 'string', description: 'case, json or json-schema', valueName: 'format' }, out: outFlag },
  positionals: [1, 1],
  async run(context) {
    const format = context.values.format;
    if (format !== 'case' && format !== 'json' && format !== 'json-schema') {
      throw new UsageError(`--format must be case, json or json-schema${typeof format === 'string' ? `, not "${format}"` : ''}`);
    }
    const publication = builtInRegistry().get(context.positionals[0] as string);
    let output: unknown;
    if (format === 'json') output = publication;
    else if (format === 'json-schema') output = toJsonSchema(publication.type === 'MicroQualification' ? 'micro-qualification' : 'framework');
    else if (publication.type === 'CompetencyFramework') output = exportCasePackage(publication);
    else output = exportMicroQualificationCasePackage(publication, (reference) => builtInRegistry().findCompetency(reference));
    await emitJson(context, output);
    return EXIT_OK;
  },
});

const importCommand = defineCommand({
  path: ['frameworks', 'import'],
  summary: 'Import a 1EdTech CASE package as a Carepass framework document.',
  usage: 'frameworks import <file> --format case [--slug <slug>] [--version <version>] [--out <file>]',
  description:
    'Every item and association is kept; what could not be mapped cleanly is listed on standard error. Exit 0 when imported, 1 when the package is not a usable CASE package (each issue with its JSON path), 2 when the file cannot be read.',
  examples: ['carepass frameworks import package.json --format case --out framework.json', 'carepass frameworks import package.json --format case --slug act-math --version 2024'],
  options: {
    format: { type: 'string', description: 'the input format: case', valueName: 'format' },
    jurisdiction: { type: 'string', multiple: true, description: 'ISO 3166 code where it applies, e.g. US or GB-ENG (CASE does not say; default ZZ, unknown)', valueName: 'code' },
    slug: { type: 'string', description: 'slug to give the framework (default: from its title)', valueName: 'slug' },
    version: { type: 'string', description: 'version to give the framework (default: from the package)', valueName: 'version' },
    out: outFlag,
  },
  positionals: [1, 1],
  async run(context) {
    const { io, style, values, positionals } = context;
    if (values.format !== 'case') throw new UsageError(`--format must be case${typeof values.format === 'string' ? `, not "${values.format}"` : ''}`);
    const file = positionals[0] as string;
    const input = await readJsonFile(file, io.cwd);
    const options: { slug?: string; version?: string; jurisdiction?: string[] } = {};
    if (Array.isArray(values.jurisdiction)) options.jurisdiction = values.jurisdiction;
    if (typeof values.slug === 'string') options.slug = values.slug;
    if (typeof values.version === 'string') options.version = values.version;
    const result = importCasePackage(input, options);
    if (!result.ok) {
      io.stderr(`${style.red('invalid')}: ${file} is not a usable CASE package (${result.issues.length} ${result.issues.length === 1 ? 'issue' : 'issues'})\n`);
      for (const issue of result.issues) io.stderr(`  ${issue.path}: ${issue.message} [${issue.code}]\n`);
      return EXIT_NEGATIVE;
    }
    for (const note of result.report) io.stderr(`${style.yellow('note')}: ${note.path}: ${note.message}\n`);
    await emitJson(context, result.framework satisfies Framework);
    return EXIT_OK;
  },
});

/** The `carepass frameworks …` verbs. */
export const frameworkCommands: Command[] = [list, show, validate, exportCommand, importCommand];
