// The codes of validating a publication (a framework, micro-qualification, crosswalk or training
// topic list, and a CASE package on import) and of the notes a CASE import keeps: closed
// vocabularies, each code with what it means and what to do. The types are derived from the
// tables, so a code cannot be given without being documented, and docs/reference/error-codes.md
// is generated from them.
import type { z } from 'zod';

/** What a code means, and what the person who sees it can do. */
export interface CodeHelp {
  /** What was found. */
  meaning: string;
  /** What to do about it. */
  action: string;
}

const FIX_DOCUMENT = 'Correct the document at the path given and validate it again.';

/** The issue codes zod gives, passed through with a JSON path (see zod's documentation for each). */
type ZodIssueCode = z.core.$ZodIssue['code'];

const ZOD_CODE_HELP: Record<ZodIssueCode, CodeHelp> = {
  invalid_type: { meaning: 'A value has the wrong type (a string where an object is expected, a missing required field).', action: FIX_DOCUMENT },
  too_big: { meaning: 'A value is longer or larger than allowed (or a CASE package has more items than the limit).', action: FIX_DOCUMENT },
  too_small: { meaning: 'A value is shorter or smaller than allowed (an empty list, an empty string, or a CASE package with no items).', action: FIX_DOCUMENT },
  invalid_format: { meaning: 'A string is not in the form required (a URL, a date, a version, a slug).', action: FIX_DOCUMENT },
  not_multiple_of: { meaning: 'A number is not a multiple of what is required.', action: FIX_DOCUMENT },
  unrecognized_keys: { meaning: 'An object has properties the schema does not define.', action: 'Remove them, or put custom data under "extensions".' },
  invalid_union: { meaning: 'A value matches none of the forms allowed there.', action: FIX_DOCUMENT },
  invalid_key: { meaning: 'A key of a record is not allowed.', action: FIX_DOCUMENT },
  invalid_element: { meaning: 'An element of a map or set is not allowed.', action: FIX_DOCUMENT },
  invalid_value: { meaning: 'A value is not one of those allowed (an unknown kind, status or confidence).', action: FIX_DOCUMENT },
  custom: { meaning: 'A rule of the schema beyond shape and type failed; the message says which.', action: FIX_DOCUMENT },
};

/** Every publication validation code, with its meaning and what to do. */
export const VALIDATION_CODE_HELP = {
  ...ZOD_CODE_HELP,
  limit_exceeded: { meaning: 'The JSON is deeper, longer or larger than the limits allow.', action: 'Refuse it, or raise the limits deliberately for a document known to be that large.' },
  too_deep: { meaning: 'A CASE package nests items deeper than the limit.', action: 'Check the package for a cycle or a runaway tree, or raise maxDepth deliberately.' },
  duplicate_code: { meaning: 'A competency, outcome or criterion code is used twice in one document.', action: 'Give each its own code; a published code must never be reused.' },
  duplicate_id: { meaning: 'An id (a competency, a source, or a publication in a registry) is used twice.', action: FIX_DOCUMENT },
  duplicate_mapping: { meaning: 'A crosswalk maps the same source to the same target twice.', action: 'Keep one mapping for each pair.' },
  duplicate_topic: { meaning: 'A training topic id is used twice in a topic list.', action: 'Give each topic its own id.' },
  invalid_date_range: { meaning: 'validUntil is before validFrom.', action: FIX_DOCUMENT },
  invalid_reference: { meaning: 'A reference (supersedes, a competency reference) is not of the form slug@version or slug@version#code.', action: FIX_DOCUMENT },
  invalid_version_order: { meaning: 'A publication supersedes one with a later or equal version.', action: 'Supersede only earlier versions.' },
  reference_cycle: { meaning: 'Publications supersede each other in a cycle (or one supersedes itself).', action: FIX_DOCUMENT },
  unresolved_reference: { meaning: 'A reference names a framework, micro-qualification or competency the registry does not have.', action: 'Add the publication it points to, or correct the reference.' },
  renewal_unexplained: { meaning: 'A training topic has no refresher period and does not say why (renewalNote).', action: 'Give the period with its source, or say in renewalNote why none is published.' },
  outcome_without_criteria: { meaning: 'Audit: a learning outcome has no assessment criteria.', action: 'Add its criteria from the published standard, or record the gap.' },
  citation_missing: { meaning: 'Audit: an item is marked confirmed or secondary but cites no source with a locator.', action: 'Cite the source and where in it the item was seen, or mark it inferred.' },
  source_unknown: { meaning: 'An item cites a source the document does not list.', action: "Add the source to the document's sources, or correct the citation." },
  placeholder_confirmed: { meaning: 'Audit: text that reads as a placeholder (TBC, "criterion 3") is marked confirmed.', action: 'Write the real text from the source, or mark it unconfirmed.' },
  criterion_without_verb: { meaning: 'Audit: an assessment criterion does not start with a command verb (describe, explain, demonstrate…).', action: 'Keep the verb of the published criterion: it tells an assessor what evidence is needed.' },
} as const satisfies Record<string, CodeHelp>;

/** A code of a publication validation issue: one closed, documented vocabulary (see {@link VALIDATION_CODE_HELP}). */
export type ValidationCode = keyof typeof VALIDATION_CODE_HELP;

/** Every publication validation code. */
export const ValidationCodes = Object.keys(VALIDATION_CODE_HELP) as ValidationCode[];

/** Every note a CASE import can keep, with its meaning and what to do. */
export const CASE_IMPORT_NOTE_HELP = {
  missing_statement: { meaning: 'An item has no fullStatement; its identifier is used as the title.', action: 'Check the title in the imported framework.' },
  code_changed: { meaning: 'A humanCodingScheme had spaces, "#" or other characters a Carepass code cannot hold, and was rewritten.', action: 'Check the new code; references to the old one must change too.' },
  generated_code: { meaning: 'An item had no humanCodingScheme, so a code was made from its position.', action: 'Give the item its published code if it has one.' },
  kind_defaulted: { meaning: 'An item type is not one Carepass knows, so the item was imported by its place in the tree.', action: 'Check the kind of the imported item.' },
  moved_to_extensions: { meaning: 'CASE fields with no Carepass equivalent were kept under extensions.case.', action: 'Nothing; they are exported again.' },
  number_coerced: { meaning: 'A sequenceNumber written as a string was read as a number.', action: 'Nothing.' },
  extra_parent: { meaning: 'An item has more than one isChildOf parent; the extra link was kept as an association.', action: 'Check where the item belongs.' },
  dangling_reference: { meaning: 'An isChildOf link points outside the package; it was kept as an association.', action: 'Check that nothing is missing from the package.' },
  type_renamed: { meaning: 'An association type is not a CASE one; it was imported as related.', action: 'Check the association.' },
  parent_cycle: { meaning: 'Items are in an isChildOf cycle; they were placed at the top level.', action: 'Ask the publisher to correct the package.' },
  timezone_assumed: { meaning: 'A date-time has no time zone; UTC was assumed.', action: 'Check the date.' },
  invalid_date: { meaning: 'A date is not a date-time and was ignored.', action: 'Check the dates of the imported framework.' },
  jurisdiction_unknown: { meaning: 'CASE does not say where a framework applies; the jurisdiction was set to ZZ (unknown).', action: 'Pass the jurisdiction when importing.' },
  language_unknown: { meaning: 'The package names no language; it was set to "und" (undetermined).', action: 'Pass or set the language.' },
} as const satisfies Record<string, CodeHelp>;

/** A code of a note a CASE import keeps (see {@link CASE_IMPORT_NOTE_HELP}). */
export type CaseImportNoteCode = keyof typeof CASE_IMPORT_NOTE_HELP;
