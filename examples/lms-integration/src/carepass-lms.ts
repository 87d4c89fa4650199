// The module an LMS copies to use Carepass. Two hooks:
//   onCourseCompleted: a learner finished a course, so issue the credential it awards.
//   onNewStarter:      a new starter brought credentials, so verify them, say what is recognised,
//                      and turn the rest into training assignments on this LMS's own courses.
// Storage is behind two small interfaces so it fits whatever database the LMS already has.
import {
  allocateStatusIndex,
  createStatusChecker,
  createStatusListState,
  type IssuerKey,
  issueCredential,
  issueStatusListCredentials,
  type SignedCredential,
  setCredentialStatus,
  createStatusEntries,
  findStatusIndex,
  type StatusListState,
  createStatusListResolver,
  type VerifyCredentialOptions,
} from '@carepass/credentials';
import { type FrameworkRegistry, builtInRegistry } from '@carepass/frameworks';
import { assessCredentials, type RecognitionEngine, type RecognitionReport, type TrainingPlanItem, createRecognitionEngine } from '@carepass/portability';

/** A course in the LMS and what completing it awards: a competency, a whole framework, or a micro-qualification. */
export interface LmsCourse {
  id: string;
  title: string;
  awards: { competency: string } | { framework: string } | { microQualification: string };
  /** Hours the course takes, for planning. */
  hours?: number;
}

/** A learner as the LMS knows them. Credentials are about their DID when they have one, else a salted hash of their email. */
export interface LmsLearner {
  id: string;
  name: string;
  did?: string;
  email?: string;
}

/** Where the LMS keeps the credentials it issued or received. */
export interface CredentialStore {
  save(learnerId: string, credential: SignedCredential): Promise<void>;
  list(learnerId: string): Promise<SignedCredential[]>;
}

/** Where the LMS keeps its status list (one row is enough). */
export interface StatusListStore {
  load(): Promise<StatusListState | undefined>;
  save(state: StatusListState): Promise<void>;
}

/** A training assignment the LMS creates from the recognition plan. */
export interface TrainingAssignment {
  learnerId: string;
  kind: TrainingPlanItem['kind'];
  title: string;
  /** The LMS course that covers it, when there is one. */
  courseId?: string;
  hours: number;
  reason: string;
}

/** Options for {@link createCarepassLms}. */
export interface CarepassLmsOptions {
  issuerKey: IssuerKey;
  issuerName: string;
  courses: readonly LmsCourse[];
  credentials: CredentialStore;
  statusList: StatusListStore;
  /** Where status lists are published, e.g. `https://lms.example/status/1`. */
  statusListUrl: string;
  /** The framework new starters are assessed against. */
  target: string;
  registry?: FrameworkRegistry;
  /** How received credentials are verified: trust registries, other issuers' status lists. */
  verify?: VerifyCredentialOptions;
}

/** A salt for hashing email addresses, derived per learner so the hash is stable across credentials. */
function saltFor(learner: LmsLearner): string {
  return `carepass-lms:${learner.id}`;
}

/** Wires Carepass into an LMS. */
export function createCarepassLms(options: CarepassLmsOptions) {
  const registry = options.registry ?? builtInRegistry();
  const engines = new Map<string, RecognitionEngine>();
  const engineFor = (asOf: string): RecognitionEngine => {
    let engine = engines.get(asOf);
    if (!engine) {
      engine = createRecognitionEngine({ target: options.target, registry, policy: { asOf } });
      engines.set(asOf, engine);
    }
    return engine;
  };

  async function statusState(): Promise<StatusListState> {
    return (await options.statusList.load()) ?? createStatusListState({ id: options.statusListUrl, issuer: options.issuerKey.controller });
  }

  return {
    /** Issues, stores and returns the credential a completed course awards. */
    async onCourseCompleted(event: { learner: LmsLearner; courseId: string; completedAt: string; observations?: string[] }): Promise<SignedCredential> {
      const course = options.courses.find((candidate) => candidate.id === event.courseId);
      if (!course) throw new Error(`no course ${event.courseId} in this LMS`);
      const subject = event.learner.did ? { id: event.learner.did } : event.learner.email ? { email: event.learner.email, salt: saltFor(event.learner) } : undefined;
      if (!subject) throw new Error(`learner ${event.learner.id} has neither a DID nor an email address`);
      // Allocate the status index and save the list before issuing, so an index is never handed out twice.
      const allocation = await allocateStatusIndex(await statusState());
      await options.statusList.save(allocation.state);
      const credential = await issueCredential(
        {
          ...course.awards,
          subject,
          awardedDate: event.completedAt,
          validFrom: event.completedAt,
          ...(event.observations?.length ? { evidence: event.observations.map((narrative) => ({ genre: 'Workplace observation', narrative })) } : {}),
        },
        { key: options.issuerKey, issuer: { name: options.issuerName }, registry, extra: { credentialStatus: createStatusEntries(allocation.state, allocation.index) } },
      );
      await options.credentials.save(event.learner.id, credential);
      return credential;
    },

    /** Revokes a credential this LMS issued (e.g. awarded in error). */
    async revoke(credential: SignedCredential): Promise<void> {
      const state = await statusState();
      const index = findStatusIndex(credential, state);
      if (index === undefined) throw new Error('this credential has no status entry of ours');
      await options.statusList.save(await setCredentialStatus(state, index, 'revocation', true));
    },

    /** The signed status list credentials to publish at `statusListUrl`. */
    async publishStatusLists(): Promise<SignedCredential[]> {
      return Object.values(await issueStatusListCredentials(await statusState(), { key: options.issuerKey }));
    },

    /**
     * Verifies a new starter's credentials, stores the genuine ones, and turns the recognition
     * plan into assignments on this LMS's courses.
     */
    async onNewStarter(event: { learner: LmsLearner; credentials: readonly unknown[]; asOf: string; statusLists?: readonly object[] }): Promise<{ report: RecognitionReport; assignments: TrainingAssignment[] }> {
      const verify: VerifyCredentialOptions = {
        ...options.verify,
        ...(event.statusLists ? { checkStatus: createStatusChecker({ resolve: createStatusListResolver(event.statusLists) }) } : {}),
      };
      const report = await assessCredentials(
        engineFor(event.asOf),
        event.credentials.map((credential, index) => ({ credential, source: `${event.learner.id}#${index}` })),
        { verify },
      );
      const counted = new Set(report.evidence.filter((item) => item.counted).map((item) => item.id));
      for (const credential of event.credentials) {
        if (counted.has((credential as { id?: string }).id ?? '')) await options.credentials.save(event.learner.id, credential as SignedCredential);
      }
      const assignments = report.plan
        .filter((item) => item.kind !== 'micro-qualification')
        .map((item): TrainingAssignment => {
          const course = item.standard === undefined ? undefined : courseCovering(options.courses, registry, options.target, item.standard);
          return { learnerId: event.learner.id, kind: item.kind, title: item.title, ...(course && item.kind !== 'observation' ? { courseId: course.id } : {}), hours: item.hours, reason: item.reason };
        });
      return { report, assignments };
    },
  };
}

/** The LMS course that awards the given standard of the target (or the whole target framework). */
function courseCovering(courses: readonly LmsCourse[], registry: FrameworkRegistry, target: string, standard: string): LmsCourse | undefined {
  const framework = registry.getFramework(target);
  const ref = `${framework.slug}@${framework.version}`;
  return (
    courses.find((course) => 'competency' in course.awards && registry.findCompetency(course.awards.competency)?.ref === `${ref}#${standard}`) ??
    courses.find((course) => 'framework' in course.awards && registry.find(course.awards.framework)?.id === framework.id)
  );
}
