import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { auditPublication } from './audit.js';
import { builtInRegistry } from './built-ins.js';
import { safeParseFramework } from './validate.js';

// The known gaps in the built-in data, by publication: every problem the audit finds must be
// listed here, and every entry listed must still be a problem, so the list only ever shrinks as
// the content is completed (each entry is a job for the next research pass).
const KNOWN_GAPS = JSON.parse(readFileSync(new URL('../data/known-gaps.json', import.meta.url), 'utf8')) as { gaps: Record<string, string[]> };

describe('the built-in data audit', () => {
  const registry = builtInRegistry();
  for (const summary of registry.list()) {
    it(`${summary.ref}: no problem beyond its recorded known gaps, and none of those fixed but still listed`, () => {
      const found = auditPublication(registry.get(summary.ref)).map((issue) => `${issue.code} ${issue.path}`).sort();
      expect(found).toEqual([...(KNOWN_GAPS.gaps[summary.ref] ?? [])].sort());
    });
  }
});

describe('auditPublication', () => {
  const framework = (competencies: unknown[], sources: unknown[] = [{ id: 'S1', title: 'Standards' }]) => {
    const result = safeParseFramework({ type: 'CompetencyFramework', id: 'https://example.org/fw/1', slug: 'example-standards', version: '1', title: 'Example standards', publisher: { name: 'Example body' }, jurisdiction: ['GB-ENG'], language: 'en-GB', status: 'published', validFrom: '2025-01-01', sources, competencies });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    return result.value;
  };
  const seen = { confidence: 'confirmed', sources: ['S1'], citations: [{ source: 'S1', locator: 'page 3' }] };

  it('finds each kind of problem, with its JSON path', () => {
    const issues = auditPublication(
      framework([
        {
          code: '1', kind: 'standard', title: 'Understand your role', provenance: seen,
          children: [
            { code: '1.1', kind: 'learning-outcome', title: 'Understand own role', provenance: seen, children: [
              { code: '1.1a', kind: 'assessment-criterion', title: 'The main duties of the role', provenance: seen },
              { code: '1.1b', kind: 'assessment-criterion', title: 'Describe standards TBC', provenance: seen },
              { code: '1.1c', kind: 'assessment-criterion', title: 'List codes of conduct', provenance: { confidence: 'secondary', sources: ['S1'] } },
              { code: '1.1d', kind: 'assessment-criterion', title: 'Explain agreed ways of working', provenance: { confidence: 'confirmed', citations: [{ source: 'S9', locator: 'p. 2' }] } },
            ] },
            { code: '1.2', kind: 'learning-outcome', title: 'Work in agreed ways', provenance: seen },
          ],
        },
      ]),
    );
    expect(issues.map((issue) => `${issue.code} ${issue.path}`)).toEqual([
      'criterion_without_verb $.competencies[0].children[0].children[0].title',
      'placeholder_confirmed $.competencies[0].children[0].children[1].title',
      'citation_missing $.competencies[0].children[0].children[2].provenance',
      'source_unknown $.competencies[0].children[0].children[3].provenance',
      'outcome_without_criteria $.competencies[0].children[1]',
    ]);
  });

  it('passes a sourced, complete framework', () => {
    expect(auditPublication(framework([{ code: '1', kind: 'standard', title: 'Role', provenance: seen, children: [{ code: '1.1', kind: 'learning-outcome', title: 'Own role', provenance: seen, children: [{ code: '1.1a', kind: 'assessment-criterion', title: 'Describe the main duties', provenance: seen }] }] }]))).toEqual([]);
  });
});
