import { describe, expect, it } from 'vitest';
import { builtInRegistry, isCarepassError } from '@carepass/frameworks';
import { builtInCrosswalks } from '../index.js';
import type { Crosswalk } from '../index.js';
import { collectLeaves, type CriterionDecision, createRecognitionEngine, type NodeDecision, type RecognitionReport } from '../index.js';
import type { EvidenceInput } from '../index.js';
import { formatRecognitionMarkdown, formatRecognitionText } from '../index.js';
import { AS_OF, careCertificate2016 } from '@carepass/test-support';

const cc2025 = createRecognitionEngine({ target: 'care-certificate@2025', policy: { asOf: AS_OF } });


const leaves = (report: RecognitionReport): Map<string, CriterionDecision> => new Map(collectLeaves(report.standards).map((leaf) => [leaf.code, leaf]));
const standard = (report: RecognitionReport, code: string): NodeDecision => {
  const found = report.standards.find((entry) => entry.code === code);
  if (!found) throw new Error(`no standard ${code}`);
  return found;
};
const thrown = (action: () => unknown): unknown => {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('the seed case: Care Certificate 2015 from 2016, assessed against the 2025 standards in 2026', () => {
  const report = cc2025.assess([careCertificate2016]);
  const byCode = leaves(report);

  it('makes standard 16, new in 2025, a top-up: the 2015 standard 9 covered learning disability only in part', () => {
    expect(standard(report, '16').status).toBe('partial');
    const leaf = collectLeaves([standard(report, '16')])[0] as CriterionDecision;
    expect(leaf).toMatchObject({ coverage: 0.3, reasons: expect.arrayContaining(['below-minimum-coverage']) });
    expect(leaf.path[0]).toMatchObject({ sourceCodes: ['9.1'], targetCode: '16', relation: 'related' });
    // Its top-up is the recognised route's published duration: the Oliver McGowan training, Tier 1
    // (90 minutes of e-learning and a one-hour live session), not an estimate per criterion.
    expect(report.plan.find((item) => item.standard === '16')).toMatchObject({ kind: 'top-up', hours: 2.5, hoursBasis: 'framework', title: expect.stringContaining('through The Oliver McGowan Mandatory Training') });
    expect(report.plan.find((item) => item.standard === '16')?.reason).toMatch(/live one-hour online interactive session/u);
    // Without the 2015 certificate, standard 16 is a gap to complete in full.
    expect(cc2025.assess([]).plan.find((item) => item.standard === '16')).toMatchObject({ kind: 'whole-standard', competencies: ['16'] });
  });

  it('makes basic life support (renewed every 12 months) due a refresher since 2017, first in the plan', () => {
    expect(standard(report, '12').status).toBe('refresh-due');
    const bls = collectLeaves([standard(report, '12')])[0] as CriterionDecision;
    expect(bls.lapsedOn).toBe('2017-03-01');
    expect(bls.reasons).toContain('renewal-lapsed');
    expect(bls.explanation).toContain('12 months');
    expect(bls.renewal).toEqual({ months: 12, rule: 'framework' });
    expect(report.plan[0]).toMatchObject({ order: 1, kind: 'refresher' });
    expect(report.plan.find((item) => item.standard === '12')).toMatchObject({ kind: 'refresher' });
  });

  it('makes training with a sourced refresh period due a refresher: safeguarding, health and safety, infection control', () => {
    // The topics' periods (safeguarding, health and safety, IPC, equality: 36 months) apply where
    // the framework sets none, and the decision says which rule and which sources.
    for (const code of ['4', '11', '13']) expect(standard(report, code).status, code).toBe('refresh-due');
    // Standards 10 and 15 also hold a criterion new in 2025 (10.1j, 15.1g), which makes them partial;
    // everything else in them is due a refresher.
    for (const [code, added] of [['10', '10.1j'], ['15', '15.1g']] as const) {
      expect(standard(report, code).status, code).toBe('partial');
      expect(collectLeaves([standard(report, code)]).filter((leaf) => leaf.status !== 'refresh-due').map((leaf) => leaf.code), code).toEqual([added]);
    }
    const safeguarding = collectLeaves([standard(report, '10')])[0] as CriterionDecision;
    expect(safeguarding).toMatchObject({ lapsedOn: '2019-03-01', renewal: { months: 36, rule: 'topic', topic: 'safeguarding-adults' } });
    expect(safeguarding.explanation).toMatch(/renewed every 36 months \(the refresh period of the training topic “safeguarding-adults”, as published in .*Skills for Care/u);
    // Without the topics only the framework's own period (basic life support) applies.
    const frameworkOnly = createRecognitionEngine({ target: 'care-certificate@2025', topics: null, policy: { asOf: AS_OF } }).assess([careCertificate2016]);
    expect(frameworkOnly.standards.filter((entry) => entry.status === 'refresh-due').map((entry) => entry.code)).toEqual(['12']);
  });

  it('recognises knowledge criteria, and leaves observed practice to be observed again by the new employer', () => {
    expect(byCode.get('1.1a')).toMatchObject({ status: 'recognised', evidence: [careCertificate2016.id] });
    expect(byCode.get('1.1a')?.path[0]).toMatchObject({ from: 'care-certificate@2015', to: 'care-certificate@2025', sourceCodes: ['1.1a'], relation: 'exact' });
    expect(byCode.get('1.2d')).toMatchObject({ status: 'recognised-pending-observation', reasons: expect.arrayContaining(['reobservation-required']) });
    // 1.1e (career development) is new in 2025, so standard 1 also needs a top-up.
    expect(standard(report, '1')).toMatchObject({ status: 'partial', pendingObservation: ['1.2d', '1.4c', '1.4d'], missing: ['1.1e'] });
  });

  it('marks content added in 2025 as a top-up (digital skills in 2.2, duty of candour in 3.1)', () => {
    expect(byCode.get('2.2a')?.status).toBe('partial');
    expect(byCode.get('3.1a')?.status).toBe('partial');
    expect(standard(report, '2')).toMatchObject({ status: 'partial', missing: ['2.2a', '2.2b'] });
    expect(report.plan.filter((item) => item.kind === 'top-up').map((item) => item.standard)).toEqual(['1', '2', '3', '8', '9', '10', '15', '16']);
  });

  it('plans observations by activity: one observed mealtime covers all of 8.2 and 8.3', () => {
    const mealtime = report.plan.find((item) => item.activity === 'mealtime');
    expect(mealtime).toMatchObject({ kind: 'observation', hours: 1, hoursBasis: 'estimate', competencies: ['8.2a', '8.2b', '8.2c', '8.2d', '8.3a', '8.3b', '8.3c', '8.3d', '8.3e'] });
    expect(mealtime?.title).toMatch(/^Observe: Support a mealtime or drinks round \(covers 8\.2a/u);
    const personalCare = report.plan.find((item) => item.activity === 'personal-care');
    expect(personalCare?.competencies).toEqual(expect.arrayContaining(['5.4a', '6.5a', '7.2a']));
    expect(personalCare?.standard).toBeUndefined();
    // Criteria no activity covers are observed standard by standard, at the policy's time each.
    const standardOne = report.plan.find((item) => item.kind === 'observation' && item.standard === '1');
    expect(standardOne?.hours).toBe(0.25 * (standardOne?.competencies.length ?? 0));
    // Observing is counted once per activity in the summary too.
    const observation = report.plan.filter((item) => item.kind === 'observation').reduce((sum, item) => sum + item.hours, 0);
    expect(observation).toBeLessThan(collectLeaves(report.standards).filter((leaf) => leaf.status === 'recognised-pending-observation').length * 0.25);
  });

  it('summarises, orders the plan by urgency, and saves most of the notional hours', () => {
    expect(report.asOf).toBe(AS_OF);
    expect(report.summary.standards).toMatchObject({ total: 16, gap: 0, partial: 8, 'refresh-due': 4 });
    expect(report.summary.criteria.total).toBe(collectLeaves(report.standards).length);
    const kinds = report.plan.map((item) => item.kind);
    expect(kinds.indexOf('refresher')).toBeLessThan(kinds.indexOf('top-up'));
    expect(kinds.lastIndexOf('top-up')).toBeLessThan(kinds.indexOf('observation'));
    expect(report.plan.map((item) => item.order)).toEqual(report.plan.map((_, index) => index + 1));
    const { programme, plan, saved } = report.summary.hours;
    expect(plan).toBeCloseTo(report.plan.filter((item) => item.kind !== 'micro-qualification').reduce((sum, item) => sum + item.hours, 0), 1);
    expect(saved).toBeCloseTo(programme - plan, 5);
    expect(saved / programme).toBeGreaterThan(0.7);
    expect(report.summary.headline).toMatch(/^4 of 16 standards .* recognised \(4 pending workplace observation\), 4 due a refresher, 8 needing a top-up; /u);
  });

  it('explains every decision in a sentence naming the criterion and, where evidenced, the evidence', () => {
    for (const leaf of collectLeaves(report.standards)) {
      expect(leaf.explanation).toContain(leaf.code);
      if (leaf.evidence.length > 0) expect(leaf.explanation).toContain('Sunrise Home Care');
    }
    for (const entry of report.standards) expect(entry.explanation).toContain(entry.code);
  });

  it('renders as Markdown with a row per standard and the plan', () => {
    const markdown = formatRecognitionMarkdown(report);
    expect(markdown).toContain('| 16 Awareness of learning disability and autism | Top-up needed | training: 16 |');
    expect(markdown).toContain('| 12 Basic life support | Refresher due |');
    expect(markdown).toContain('## Training plan');
    expect(markdown.match(/^\| \d+ /gmu)).toHaveLength(16);
  });

  it('renders as text for a terminal, plain by default and coloured with a style', () => {
    const plain = formatRecognitionText(report);
    expect(plain).toMatch(/^ {2}12 Basic life support +↻ Refresher due +refresh 12\.1$/mu);
    expect(plain).not.toContain('\u001B[');
    const marked = formatRecognitionText(report, { style: { bold: (text) => `*${text}*`, dim: (text) => text, green: (text) => `<g>${text}</g>`, red: (text) => `<r>${text}</r>`, yellow: (text) => `<y>${text}</y>`, cyan: (text) => `<c>${text}</c>` } });
    expect(marked).toContain('<y>↻ Refresher due');
    expect(marked).toContain('<c>◐ Observation needed');
    expect(marked).toContain(`*${report.summary.headline}*`);
  });
});

describe('policy', () => {
  it('with re-observation not required, criteria observed at the previous employer are recognised', () => {
    const engine = createRecognitionEngine({ target: 'care-certificate@2025', policy: { asOf: AS_OF, requireReobservation: false } });
    const report = engine.assess([careCertificate2016]);
    expect(leaves(report).get('1.2d')?.status).toBe('recognised');
    // Nothing records 2015 outcome 1.4 as observed, so 1.4c and 1.4d still wait; 1.1e is new in 2025.
    expect(standard(report, '1')).toMatchObject({ status: 'partial', pendingObservation: ['1.4c', '1.4d'], missing: ['1.1e'] });
  });

  it('a renewal override changes what is due a refresher', () => {
    const engine = createRecognitionEngine({ target: 'care-certificate@2025', policy: { asOf: AS_OF, renewalMonths: { '10': 36 } } });
    const report = engine.assess([careCertificate2016]);
    // Everything the 2015 certificate evidences is due a refresher; 10.1j is new in 2025 (a top-up).
    expect(standard(report, '10').status).toBe('partial');
    expect(collectLeaves([standard(report, '10')]).filter((leaf) => leaf.status !== 'refresh-due').map((leaf) => leaf.code)).toEqual(['10.1j']);
  });

  it('a higher minimum coverage turns close mappings into top-ups', () => {
    const strict = createRecognitionEngine({ target: 'care-certificate@2025', policy: { asOf: AS_OF, minimumCoverage: 0.95 } });
    expect(leaves(strict.assess([careCertificate2016])).get('9.3a')?.status).toBe('partial');
    expect(leaves(cc2025.assess([careCertificate2016])).get('9.3a')?.status).toBe('recognised');
  });

  it('untrusted issuers do not count unless the policy accepts them, and then with less confidence', () => {
    const untrusted = { ...careCertificate2016, trust: 'untrusted' as const };
    const report = cc2025.assess([untrusted]);
    expect(report.summary.criteria.gap).toBe(report.summary.criteria.total);
    expect(report.evidence[0]).toMatchObject({ counted: false, reason: expect.stringContaining('trust registry') });
    const lenient = createRecognitionEngine({ target: 'care-certificate@2025', policy: { asOf: AS_OF, acceptUntrusted: true } });
    const accepted = leaves(lenient.assess([untrusted])).get('1.1a');
    expect(accepted?.status).toBe('recognised');
    expect(accepted?.confidence).toBeLessThan(leaves(cc2025.assess([careCertificate2016])).get('1.1a')?.confidence as number);
  });

  it('refuses a malformed policy, an unknown target, and malformed evidence with a path', () => {
    expect(thrown(() => createRecognitionEngine({ target: 'care-certificate@2025', policy: { minimumCoverage: 2 } }))).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('minimumCoverage') });
    expect(thrown(() => createRecognitionEngine({ target: 'no-such-framework' }))).toMatchObject({ code: 'FRAMEWORK_NOT_FOUND' });
    const error = thrown(() => cc2025.assess([careCertificate2016, { ...careCertificate2016, competencies: [] }]));
    expect(isCarepassError(error) && error.code).toBe('INVALID_ARGUMENT');
    expect((error as Error).message).toContain('evidence[1].competencies');
    expect(thrown(() => cc2025.assess([careCertificate2016], { asOf: 'yesterday' }))).toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('evidence', () => {
  it('direct, current evidence of a 2025 standard recognises it; later evidence replaces lapsed learning', () => {
    const bls: EvidenceInput = { id: 'urn:bls-2026', title: 'Basic life support', verification: 'verified', trust: 'trusted', competencies: ['care-certificate@2025#12'], achievedAt: '2026-06-01' };
    const report = cc2025.assess([careCertificate2016, bls]);
    expect(standard(report, '12').status).not.toBe('refresh-due');
    const leaf = collectLeaves([standard(report, '12')])[0] as CriterionDecision;
    expect(leaf).toMatchObject({ evidence: ['urn:bls-2026'], path: [], reasons: expect.arrayContaining(['direct']) });
  });

  it('expired evidence (past its validUntil) is due a refresher, never current', () => {
    const expired: EvidenceInput = { id: 'urn:bls-2024', verification: 'verified', trust: 'trusted', competencies: ['care-certificate@2025#12'], achievedAt: '2024-06-01', validUntil: '2025-06-01' };
    const leaf = collectLeaves([standard(cc2025.assess([expired]), '12')])[0] as CriterionDecision;
    expect(leaf).toMatchObject({ status: 'refresh-due', lapsedOn: '2025-06-01', reasons: expect.arrayContaining(['evidence-expired']) });
  });

  it('self-declared and unverified claims are shown but never counted', () => {
    const claim: EvidenceInput = { id: 'claim:autism', title: 'Oliver McGowan training', verification: 'self-declared', competencies: ['care-certificate@2025#16'], achievedAt: '2025-01-10' };
    const report = cc2025.assess([claim]);
    const leaf = collectLeaves([standard(report, '16')])[0] as CriterionDecision;
    expect(leaf).toMatchObject({ status: 'gap', claims: ['claim:autism'] });
    expect(collectLeaves([standard(cc2025.assess([careCertificate2016, claim]), '16')])[0]).toMatchObject({ status: 'partial', claims: ['claim:autism'] });
    expect(leaf.explanation).toContain('not verified');
    expect(report.evidence.find((item) => item.id === 'claim:autism')).toMatchObject({ counted: false });
  });

  it('an as-of date covers the whole day: evidence from later that day counts', () => {
    const sameDay: EvidenceInput = { id: 'urn:same-day', verification: 'verified', trust: 'trusted', competencies: ['care-certificate@2025#15'], achievedAt: `${AS_OF}T16:30:00Z` };
    expect(standard(cc2025.assess([sameDay]), '15').status).not.toBe('gap');
    expect(standard(cc2025.assess([sameDay], { asOf: `${AS_OF}T12:00:00Z` }), '15').status).toBe('gap');
  });

  it('evidence dated after the assessment date, or naming nothing known, is not counted and says why', () => {
    const future: EvidenceInput = { id: 'urn:future', verification: 'verified', competencies: ['care-certificate@2025#12'], achievedAt: '2027-01-01' };
    const unknown: EvidenceInput = { id: 'urn:unknown', verification: 'verified', competencies: ['https://example.org/not-a-framework'], achievedAt: '2020-01-01' };
    const report = cc2025.assess([future, unknown]);
    expect(report.summary.criteria.gap).toBe(report.summary.criteria.total);
    expect(report.evidence.map((item) => item.reason)).toEqual([expect.stringContaining('after the assessment date'), expect.stringContaining('names nothing')]);
  });

  it('a micro-qualification recognises what its outcomes are aligned to, and is suggested for gaps it would fill', () => {
    const mca: EvidenceInput = { id: 'urn:mca', verification: 'verified', trust: 'trusted', competencies: ['mental-capacity-act-in-practice@1'], achievedAt: '2026-01-15', assessmentMethod: 'workplace-observation' };
    const report = createRecognitionEngine({ target: 'care-certificate@2025', policy: { asOf: AS_OF, requireReobservation: false } }).assess([mca]);
    expect(standard(report, '5').status).toBe('recognised');
    expect(collectLeaves([standard(report, '5')])[0]?.path[0]).toMatchObject({ from: 'mental-capacity-act-in-practice@1', basis: 'official' });
    const empty = cc2025.assess([]);
    const suggestions = empty.plan.filter((item) => item.kind === 'micro-qualification');
    expect(suggestions.length).toBeGreaterThan(0);
    expect(suggestions.length).toBeLessThanOrEqual(3);
    expect(empty.summary.hours.saved).toBe(0);
  });

  it('the Oliver McGowan training evidences standard 16: Tier 2 in full, Tier 1 as a close match', () => {
    const tier = (code: string): EvidenceInput => ({ id: `urn:ommt-${code}`, verification: 'verified', trust: 'trusted', competencies: [`oliver-mcgowan-mandatory-training@1#${code}`], achievedAt: '2026-05-01' });
    const withTier1 = standard(cc2025.assess([careCertificate2016, tier('1')]), '16');
    const withTier2 = standard(cc2025.assess([careCertificate2016, tier('2')]), '16');
    const without = standard(cc2025.assess([careCertificate2016]), '16');
    expect(without.status).toBe('partial');
    for (const decision of [withTier1, withTier2]) expect(['recognised', 'recognised-pending-observation']).toContain(decision.status);
    const leaf = (decision: NodeDecision) => collectLeaves([decision])[0] as CriterionDecision;
    expect(leaf(withTier1).path.at(-1)).toMatchObject({ crosswalk: expect.stringContaining('oliver-mcgowan'), relation: 'close', basis: 'inferred' });
    expect(leaf(withTier2).coverage).toBe(1);
    expect(leaf(withTier1).coverage).toBe(0.8);
  });

  it('training records carry knowledge but not observed practice (CSTF → Care Certificate)', () => {
    const engine = createRecognitionEngine({ target: 'care-certificate@2025', policy: { asOf: AS_OF, requireReobservation: false } });
    const fire: EvidenceInput = { id: 'urn:cstf-fire', verification: 'verified', trust: 'trusted', competencies: ['cstf-england@1.1#fire-safety-l1'], achievedAt: '2026-02-01' };
    const decisions = collectLeaves(engine.assess([fire]).standards).filter((leaf) => leaf.evidence.includes('urn:cstf-fire'));
    expect(decisions.length).toBeGreaterThan(0);
    for (const leaf of decisions) expect(['recognised', 'recognised-pending-observation', 'partial']).toContain(leaf.status);
    // Its refresher period (24 months) is enforced through the crosswalk: the same record from 2023 has lapsed.
    const old = collectLeaves(engine.assess([{ ...fire, achievedAt: '2023-02-01' }]).standards).filter((leaf) => leaf.evidence.includes('urn:cstf-fire'));
    expect(old.length).toBeGreaterThan(0);
    for (const leaf of old) expect(leaf.status).toBe('refresh-due');
  });
});

describe('crosswalk chains, groups and cycles', () => {
  it('reaches Wales through two crosswalks (2015 → 2025 → AWIF) and reports the path', () => {
    const engine = createRecognitionEngine({ target: 'all-wales-induction-framework@2018', policy: { asOf: AS_OF, minimumCoverage: 0.3 } });
    const reached = collectLeaves(engine.assess([careCertificate2016]).standards).filter((leaf) => leaf.status !== 'gap');
    expect(reached.length).toBeGreaterThan(0);
    const path = reached[0]?.path ?? [];
    expect(path.map((step) => `${step.from}→${step.to}`)).toEqual(['care-certificate@2015→care-certificate@2025', 'care-certificate@2025→all-wales-induction-framework@2018']);
    // Coverage combines along the path.
    expect(reached[0]?.coverage).toBeCloseTo((path[0]?.coverage ?? 0) * (path[1]?.coverage ?? 0), 5);
    const short = createRecognitionEngine({ target: 'all-wales-induction-framework@2018', policy: { asOf: AS_OF, minimumCoverage: 0.3, maxChainLength: 1 } });
    expect(short.assess([careCertificate2016]).summary.criteria.gap).toBe(short.assess([]).summary.criteria.total);
  });

  it('needs every source of a multi-source mapping (Level 2 unit 12 needs standards 12 and 13)', () => {
    const engine = createRecognitionEngine({ target: 'level-2-adult-social-care-certificate@2024', policy: { asOf: AS_OF, minimumCoverage: 0.5 } });
    const evidence = (code: string): EvidenceInput => ({ id: `urn:cc-${code}`, verification: 'verified', trust: 'trusted', competencies: [`care-certificate@2025#${code}`], achievedAt: '2026-09-01' });
    expect(standard(engine.assess([evidence('13')]), '12').status).toBe('gap');
    const both = standard(engine.assess([evidence('12'), evidence('13')]), '12');
    expect(both.status).not.toBe('gap');
    const leaf = collectLeaves([both])[0] as CriterionDecision;
    expect(leaf.evidence).toEqual(['urn:cc-12', 'urn:cc-13']);
    expect(leaf.path.at(-1)).toMatchObject({ sourceCodes: ['12', '13'], targetCode: '12' });
  });

  it('ends on cycles between crosswalks and still finds the way through', () => {
    const registry = builtInRegistry();
    const back = (source: string, target: string, from: string, to: string): Crosswalk => ({
      type: 'Crosswalk',
      id: `https://example.org/crosswalks/${source}-${target}`,
      slug: 'cycle',
      version: '1',
      title: 'Cycle',
      source,
      target,
      publisher: { name: 'Test' },
      basis: 'inferred',
      assertedBy: 'Test',
      status: 'draft',
      validFrom: '2026-01-01',
      mappings: [{ from: [from], to, relation: 'exact', coverage: 1, justification: 'Test cycle.' }],
    });
    const crosswalks = [...builtInCrosswalks(), back('care-certificate@2025', 'care-certificate@2015', '1.1a', '1.1a'), back('cstf-england@1.1', 'ni-induction-standards@1', 'fire-safety-l1', '1.1')];
    const engine = createRecognitionEngine({ target: 'ni-induction-standards@1', registry, crosswalks, policy: { asOf: AS_OF, maxChainLength: 6, minimumCoverage: 0.1 } });
    const report = engine.assess([careCertificate2016]);
    expect(report.summary.criteria.total).toBeGreaterThan(0);
    expect(collectLeaves(report.standards).some((leaf) => leaf.path.length >= 2)).toBe(true);
  });

  it('refuses crosswalks that name frameworks or codes the registry does not hold', () => {
    const bad = { ...builtInCrosswalks()[0], target: 'no-such@1' } as Crosswalk;
    expect(thrown(() => createRecognitionEngine({ target: 'care-certificate@2025', crosswalks: [bad] }))).toMatchObject({ code: 'CROSSWALK_INVALID' });
  });
});
