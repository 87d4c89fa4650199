// The training matrix as an ASC-WDS (Adult Social Care Workforce Data Set) training bulk-upload
// file, in the format the service's public source code defines (data/asc-wds/training-format.json).
import { CarepassError, ProvenanceSchema, SourceSchema } from '@carepass/frameworks';
import { z } from 'zod';
import trainingFormat from '../data/asc-wds/training-format.json' with { type: 'json' };
import { csvCell, type TrainingMatrix } from './training-matrix.js';

/** The ASC-WDS training file's header and CATEGORY codes, with where they come from. */
export const AscWdsTrainingFormatSchema = z.strictObject({
  $schema: z.string().optional(),
  type: z.literal('AscWdsTrainingFormat'),
  title: z.string().min(1),
  description: z.string().min(1),
  updated: z.string().optional(),
  sources: z.array(SourceSchema).min(1),
  /** The header row, exactly as the service compares it. */
  header: z.string().min(1),
  /** Bulk-upload CATEGORY codes and their names. */
  categories: z.array(z.strictObject({ code: z.number().int().positive(), name: z.string().min(1) })).min(1),
  provenance: ProvenanceSchema,
});
/** The ASC-WDS training file's format. */
export type AscWdsTrainingFormat = z.infer<typeof AscWdsTrainingFormatSchema>;

let builtIn: AscWdsTrainingFormat | undefined;
/** The built-in ASC-WDS training format (from the service's source code, August 2026). */
export function builtInAscWdsTrainingFormat(): AscWdsTrainingFormat {
  builtIn ??= AscWdsTrainingFormatSchema.parse(trainingFormat);
  return builtIn;
}

/** Options for {@link formatTrainingMatrixAscWds}. */
export interface FormatTrainingMatrixAscWdsOptions {
  /** The workplace's ASC-WDS reference (`LOCALESTID`), as in the workplace file. */
  workplace: string;
  /**
   * Each worker's `UNIQUEWORKERID` in the ASC-WDS staff file, by credential subject. A worker not
   * listed uses the subject itself, which ASC-WDS accepts only if it is the staff file's id.
   */
  workerIds?: Readonly<Record<string, string>>;
  /** The format; default {@link builtInAscWdsTrainingFormat}. */
  format?: AscWdsTrainingFormat;
}

/** Something left out of the ASC-WDS file, and why. */
export interface AscWdsSkipped {
  subject: string;
  /** The topic, when only one topic of the worker was left out. */
  topic?: string;
  reason: string;
}

/** An ASC-WDS training bulk-upload file. */
export interface AscWdsTrainingFile {
  /** The CSV text, header first, CRLF line ends. */
  csv: string;
  /** Rows written (one per worker and evidenced topic). */
  rows: number;
  /** Workers and topics left out, with the reason. */
  skipped: AscWdsSkipped[];
}

const MAX_ID = 50;
const MAX_NAME = 120;
const MAX_NOTES = 1000;

/** `YYYY-MM-DD` as ASC-WDS reads dates, `DD/MM/YYYY`. */
const ukDate = (date: string | null): string => (date === null ? '' : `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`);

/**
 * Writes the matrix as an ASC-WDS training bulk-upload file: one row per worker and topic with a
 * counted completion (topics with no evidence are left out, as ASC-WDS records training done),
 * with the topic's CATEGORY code, its title as TRAININGNAME, DATECOMPLETED and EXPIRYDATE, and a
 * note naming the credential. ACCREDITED, WHODELIVERED, PROVIDERNAME, HOWDELIVERED and VALIDITY
 * are left blank: a credential does not say them. Workers whose id does not fit ASC-WDS (over 50
 * characters) and topics with no ASC-WDS category are listed in `skipped`.
 *
 * Uploading a training file to ASC-WDS replaces the workplace's training records: upload it as the
 * whole record, not as an addition.
 *
 * @throws {@link CarepassError} `INVALID_ARGUMENT` when the workplace reference is empty or over 50 characters.
 */
export function formatTrainingMatrixAscWds(matrix: TrainingMatrix, options: FormatTrainingMatrixAscWdsOptions): AscWdsTrainingFile {
  const workplace = typeof options?.workplace === 'string' ? options.workplace.trim() : '';
  if (workplace.length === 0 || workplace.length > MAX_ID) throw new CarepassError('INVALID_ARGUMENT', `the ASC-WDS workplace reference (LOCALESTID) must be 1 to ${MAX_ID} characters`);
  const format = options.format ?? builtInAscWdsTrainingFormat();
  const codes = new Map(format.categories.map((category) => [category.name, category.code]));
  const categoryOf = new Map(matrix.topics.map((topic) => [topic.id, topic.ascWdsCategory === null ? undefined : codes.get(topic.ascWdsCategory)]));
  const lines = [format.header];
  const skipped: AscWdsSkipped[] = [];
  for (const worker of matrix.workers) {
    const id = options.workerIds?.[worker.subject] ?? worker.subject;
    if (id.length === 0 || id.length > MAX_ID) {
      skipped.push({ subject: worker.subject, reason: `its ASC-WDS worker id "${id.slice(0, 60)}" is not 1 to ${MAX_ID} characters: give its UNIQUEWORKERID from the staff file` });
      continue;
    }
    for (const entry of worker.entries) {
      if (entry.completed === null) continue;
      const category = categoryOf.get(entry.topic);
      if (category === undefined) {
        skipped.push({ subject: worker.subject, topic: entry.topic, reason: `the topic ${entry.topic} has no ASC-WDS training category` });
        continue;
      }
      const notes = entry.evidence ? `Carepass: verified credential ${entry.evidence.id}` : 'Carepass';
      const cells = [workplace, id, String(category), entry.title.slice(0, MAX_NAME), '', '', '', '', '', ukDate(entry.completed), ukDate(entry.expires), notes.slice(0, MAX_NOTES)];
      lines.push(cells.map((cell) => csvCell(cell)).join(','));
    }
  }
  return { csv: `${lines.join('\r\n')}\r\n`, rows: lines.length - 1, skipped };
}
