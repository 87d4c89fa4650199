import { builtInRegistry, CarepassError, type DateInput, type FrameworkRegistry } from '@carepass/frameworks';
import { checkCredentialsToAssess, type CredentialToAssess, verifyInputs, type VerifyInputsOptions } from './assess-credentials.js';
import { addMonths, isoDate, parseAsOf } from './dates.js';
import { type EvidenceRejectionCode, evidenceFromCredential } from './evidence.js';
import { builtInTrainingTopics, indexTrainingTopics, type TrainingTopicList } from './training-topics.js';

/** Where a worker stands on one topic: `current`, `due-soon` (expires within the warning window), `expired` or `missing`. */
export type TrainingMatrixStatus = 'current' | 'due-soon' | 'expired' | 'missing';

/** One cell of the matrix: a worker's latest completion of a topic and when it lapses. */
export interface TrainingMatrixEntry {
  /** The topic's id, e.g. `basic-life-support`. */
  topic: string;
  title: string;
  status: TrainingMatrixStatus;
  /** Date (`YYYY-MM-DD`) of the latest completion, or null when none is evidenced. */
  completed: string | null;
  /** When it must be refreshed (`YYYY-MM-DD`): the completion plus the topic's period, or the credential's own expiry if sooner; null when neither applies. */
  expires: string | null;
  /** The credential that evidences the latest completion: its id and where it came from. */
  evidence: { id: string; source: string } | null;
}

/** A worker's row of the matrix, keyed by the credential subject. */
export interface TrainingMatrixWorker {
  subject: string;
  entries: TrainingMatrixEntry[];
}

/** A credential that was not counted, and why (tampered, revoked, untrusted, unreadable…). */
export interface TrainingMatrixRejection {
  source: string;
  id?: string;
  /** Why: an evidence rejection, a trust verdict, or `no-subject` when the credential names no worker. */
  code: EvidenceRejectionCode | 'untrusted' | 'out-of-scope' | 'not-checked' | 'no-subject';
  message: string;
}

/** The mandatory-training matrix a registered manager keeps for CQC. */
export interface TrainingMatrix {
  /** The date it describes (`YYYY-MM-DD`). */
  asOf: string;
  /** Days before expiry when a topic is `due-soon`. */
  dueWithinDays: number;
  /** The topics, in the order of the topic list. */
  topics: { id: string; title: string; renewalMonths: number | null; ascWdsCategory: string | null }[];
  /** One row per worker, ordered by subject. */
  workers: TrainingMatrixWorker[];
  /** Credentials that count for nothing, with the reason. */
  rejected: TrainingMatrixRejection[];
}

/** Options for {@link buildTrainingMatrix}. */
export interface BuildTrainingMatrixOptions extends VerifyInputsOptions {
  /** The date to describe; default today. */
  asOf?: DateInput;
  /** Days before expiry when a topic is `due-soon`; default 30. */
  dueWithinDays?: number;
  /** The topics; default {@link builtInTrainingTopics}. */
  topics?: TrainingTopicList;
  /** Resolves what credentials point at; default the built-in registry. */
  registry?: FrameworkRegistry;
  /** Credentials that could not even be read (e.g. a bad file), to list with the rejected ones. */
  unreadable?: readonly TrainingMatrixRejection[];
}

const DAY = 86_400_000;

/**
 * Builds the mandatory-training matrix from workers' credentials: every credential is verified,
 * and only genuine, unrevoked ones count (from trusted issuers, when trust registries are given);
 * the rest are listed in `rejected` with the reason. Credentials are grouped by their subject, as
 * their signed graph names it. For each worker and topic the matrix gives the latest completion,
 * when it must be refreshed (the topic's sourced period; a topic without a published period never
 * expires on that account), and a status. A Care Certificate credential evidences every topic that
 * names one of its standards, or anything inside them.
 *
 * @throws {@link CarepassError} `INVALID_ARGUMENT` for inputs that are not `{ credential, source }` or a bad date.
 */
export async function buildTrainingMatrix(inputs: readonly CredentialToAssess[], options: BuildTrainingMatrixOptions = {}): Promise<TrainingMatrix> {
  checkCredentialsToAssess(inputs, 'buildTrainingMatrix');
  const asOf = parseAsOf(options.asOf);
  const dueWithinDays = options.dueWithinDays ?? 30;
  if (!Number.isInteger(dueWithinDays) || dueWithinDays < 0) throw new CarepassError('INVALID_ARGUMENT', 'dueWithinDays must be a whole number of days, 0 or more');
  const today = Math.floor(asOf / DAY);
  const list = options.topics ?? builtInTrainingTopics();
  const topicsOf = indexTrainingTopics(list, options.registry ?? builtInRegistry());
  const trustGiven = options.verify?.checkTrust !== undefined;

  const rejected: TrainingMatrixRejection[] = [...(options.unreadable ?? [])];
  // subject → topic id → the best entry so far.
  const best = new Map<string, Map<string, { completed: number; expires: number | undefined; evidence: { id: string; source: string } }>>();
  for await (const { input, result } of verifyInputs(inputs, options)) {
    const { credential, source } = input;
    const outcome = evidenceFromCredential(credential, result, { source });
    const id = result.credential.id;
    if ('rejection' in outcome) {
      rejected.push({ source, ...(id ? { id } : {}), ...outcome.rejection });
      continue;
    }
    const { evidence } = outcome;
    if (evidence.trust === 'untrusted' || evidence.trust === 'out-of-scope' || (trustGiven && evidence.trust !== 'trusted')) {
      const trust = result.checks.find((check) => check.check === 'trust');
      rejected.push({ source, ...(id ? { id } : {}), code: evidence.trust, message: trust?.message ?? 'the issuer is not trusted for this' });
      continue;
    }
    const subject = result.credential.subject;
    if (subject === undefined) {
      rejected.push({ source, ...(id ? { id } : {}), code: 'no-subject', message: 'the credential names no worker (credentialSubject id or identifier)' });
      continue;
    }
    const completed = Date.parse(evidence.achievedAt);
    const credentialExpiry = evidence.validUntil === undefined ? undefined : Date.parse(evidence.validUntil);
    const topics = new Map(evidence.competencies.flatMap((uri) => topicsOf(uri)).map((topic) => [topic.id, topic]));
    const row = best.get(subject) ?? new Map();
    best.set(subject, row);
    for (const topic of topics.values()) {
      const renewed = topic.renewal ? addMonths(completed, topic.renewal.months) : undefined;
      const expires = renewed === undefined ? credentialExpiry : credentialExpiry === undefined ? renewed : Math.min(renewed, credentialExpiry);
      const current = row.get(topic.id);
      if (!current || completed > current.completed || (completed === current.completed && (expires ?? Infinity) > (current.expires ?? Infinity))) {
        row.set(topic.id, { completed, expires, evidence: { id: evidence.id, source } });
      }
    }
  }

  const workers = [...best.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([subject, row]): TrainingMatrixWorker => ({
    subject,
    entries: list.topics.map((topic): TrainingMatrixEntry => {
      const found = row.get(topic.id);
      if (!found) return { topic: topic.id, title: topic.title, status: 'missing', completed: null, expires: null, evidence: null };
      // Whole days: a topic that expires on the as-of day is due soon, not yet expired.
      const expiresDay = found.expires === undefined ? undefined : Math.floor(found.expires / DAY);
      const status: TrainingMatrixStatus = expiresDay === undefined ? 'current' : expiresDay < today ? 'expired' : expiresDay <= today + dueWithinDays ? 'due-soon' : 'current';
      return { topic: topic.id, title: topic.title, status, completed: isoDate(found.completed), expires: found.expires === undefined ? null : isoDate(found.expires), evidence: found.evidence };
    }),
  }));
  return {
    asOf: isoDate(asOf),
    dueWithinDays,
    topics: list.topics.map((topic) => ({ id: topic.id, title: topic.title, renewalMonths: topic.renewal?.months ?? null, ascWdsCategory: topic.ascWdsCategory ?? null })),
    workers,
    rejected,
  };
}

/** One CSV cell: quoted when it must be, and a leading formula character defused. */
export const csvCell = (value: string | null): string => (value === null ? '' : /[",\n\r]/u.test(value) || /^[=+\-@\t]/u.test(value) ? `"${value.replace(/^([=+\-@\t])/u, "'$1").replace(/"/gu, '""')}"` : value);

/** The matrix as CSV for spreadsheets: one row per worker and topic, with a header row. */
export function formatTrainingMatrixCsv(matrix: TrainingMatrix): string {
  const rows = [['subject', 'topic', 'title', 'status', 'completed', 'expires', 'evidence', 'source']];
  for (const worker of matrix.workers) {
    for (const entry of worker.entries) rows.push([worker.subject, entry.topic, entry.title, entry.status, entry.completed ?? '', entry.expires ?? '', entry.evidence?.id ?? '', entry.evidence?.source ?? '']);
  }
  return `${rows.map((row) => row.map((cell) => csvCell(cell)).join(',')).join('\r\n')}\r\n`;
}
