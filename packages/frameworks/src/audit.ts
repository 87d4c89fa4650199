import type { Provenance } from './common.js';
import type { Competency, Framework } from './framework.js';
import type { ValidationIssue } from './issues.js';
import type { MicroQualification } from './micro-qualification.js';

/**
 * The command verbs that open an assessment criterion in UK care standards and qualifications
 * (Care Certificate, Ofqual-regulated units): the verb tells an assessor what evidence is needed.
 */
export const COMMAND_VERBS: ReadonlySet<string> = new Set(
  [
    'Access', 'Act', 'Adapt', 'Address', 'Agree', 'Analyse', 'Apply', 'Assess', 'Assist', 'Behave', 'Enable', 'Help', 'Inform', 'Involve', 'Keep', 'Minimise', 'Remove', 'Treat', 'Carry', 'Check', 'Clean', 'Communicate', 'Compare', 'Complete', 'Comply', 'Contribute', 'Define',
    'Demonstrate', 'Describe', 'Develop', 'Discuss', 'Dispose', 'Encourage', 'Ensure', 'Establish', 'Evaluate', 'Explain', 'Follow', 'Give', 'Identify', 'Implement', 'Interact', 'Know',
    'List', 'Maintain', 'Make', 'Manage', 'Meet', 'Monitor', 'Move', 'Obtain', 'Offer', 'Outline', 'Plan', 'Prepare', 'Promote', 'Protect', 'Provide', 'Raise', 'Recognise', 'Record', 'Reduce',
    'Reflect', 'Report', 'Respect', 'Respond', 'Review', 'Seek', 'Select', 'Share', 'Show', 'State', 'Store', 'Summarise', 'Support', 'Take', 'Use', 'Wash', 'Work',
  ],
);

// Text that stands in for content nobody has written: never acceptable as `confirmed`.
const PLACEHOLDER = /\b(?:tbc|tbd|todo|placeholder|to be (?:confirmed|added|written)|lorem ipsum|wording not (?:found|known))\b|^\s*(?:criterion|outcome|item)\s+[0-9]|\.\.\.|…/iu;

/** A short name for the audit rule each issue comes from. */
export type AuditCode = 'outcome_without_criteria' | 'duplicate_code' | 'citation_missing' | 'source_unknown' | 'placeholder_confirmed' | 'criterion_without_verb';

function audit(node: { provenance?: Provenance | undefined }, text: string, path: string, textPath: string, sources: ReadonlySet<string>, issues: ValidationIssue[]): void {
  const provenance = node.provenance;
  if (!provenance) return;
  const seen = provenance.confidence === 'confirmed' || provenance.confidence === 'secondary';
  if (seen && !(provenance.citations ?? []).some((citation) => citation.locator.trim() !== '')) {
    issues.push({ code: 'citation_missing', path: `${path}.provenance`, message: `marked ${provenance.confidence}, but cites no source with a locator (page, section or heading) where it was seen` });
  }
  for (const id of [...(provenance.sources ?? []), ...(provenance.citations ?? []).map((citation) => citation.source)]) {
    if (!sources.has(id)) issues.push({ code: 'source_unknown', path: `${path}.provenance`, message: `cites source "${id}", which the document's sources do not list` });
  }
  if (provenance.confidence === 'confirmed' && PLACEHOLDER.test(text)) {
    issues.push({ code: 'placeholder_confirmed', path: textPath, message: `"${text}" reads as a placeholder, but is marked confirmed` });
  }
}

function walk(competencies: readonly Competency[], path: string, sources: ReadonlySet<string>, codes: Map<string, string>, issues: ValidationIssue[]): void {
  competencies.forEach((competency, index) => {
    const here = `${path}[${index}]`;
    const earlier = codes.get(competency.code);
    if (earlier !== undefined) issues.push({ code: 'duplicate_code', path: `${here}.code`, message: `code ${competency.code} is also used at ${earlier}` });
    else codes.set(competency.code, `${here}.code`);
    audit(competency, competency.title, here, `${here}.title`, sources, issues);
    if (competency.kind === 'learning-outcome' && (competency.children ?? []).length === 0) {
      issues.push({ code: 'outcome_without_criteria', path: here, message: `learning outcome ${competency.code} has no assessment criteria, so nothing says how it is assessed` });
    }
    if (competency.kind === 'assessment-criterion') {
      const first = competency.title.trim().split(/\s+/u)[0] ?? '';
      if (!COMMAND_VERBS.has(first)) issues.push({ code: 'criterion_without_verb', path: `${here}.title`, message: `criterion ${competency.code} does not open with a command verb (Describe, Explain, List, Demonstrate…): "${competency.title}"` });
    }
    if (competency.children) walk(competency.children, `${here}.children`, sources, codes, issues);
  });
}

/**
 * Audits the content of a framework or micro-qualification for what an assessor would need to
 * sign it off, beyond what the schema checks: learning outcomes without criteria, duplicate
 * codes, items marked `confirmed` or `secondary` without a cited locator, citations of sources the
 * document does not list, placeholder text marked `confirmed`, and assessment criteria that have
 * lost their command verb. Returns the problems as issues with JSON paths (warnings: a document
 * can be valid and still have them).
 */
export function auditPublication(publication: Framework | MicroQualification): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const sources = new Set((publication.sources ?? []).map((source) => source.id));
  if (publication.type === 'CompetencyFramework') {
    audit(publication, publication.title, '$', '$.title', sources, issues);
    walk(publication.competencies, '$.competencies', sources, new Map(), issues);
  } else {
    audit(publication, publication.title, '$', '$.title', sources, issues);
    publication.learningOutcomes.forEach((outcome, index) => audit(outcome, outcome.statement, `$.learningOutcomes[${index}]`, `$.learningOutcomes[${index}].statement`, sources, issues));
  }
  return issues;
}
