import { CarepassError } from './errors.js';
import type { Competency, Framework } from './framework.js';

/** A parsed `slug[@version][#code]` reference. */
export interface PublicationRef {
  /** The framework or micro-qualification slug. */
  slug: string;
  /** The version; absent means the latest. */
  version?: string | undefined;
  /** A competency code inside it, when the reference names one. */
  code?: string | undefined;
}

const REF = /^([a-z0-9]+(?:-[a-z0-9]+)*)(?:@([A-Za-z0-9]+(?:[.\-_][A-Za-z0-9]+)*))?(?:#([^\s#@]+))?$/;

/**
 * Parses `slug`, `slug@version`, `slug#code` or `slug@version#code`.
 *
 * @throws {@link CarepassError} `REFERENCE_INVALID` when the text is not of that form.
 * @example
 * ```ts
 * parsePublicationRef('care-certificate@2015#10.1a'); // { slug: 'care-certificate', version: '2015', code: '10.1a' }
 * ```
 */
export function parsePublicationRef(reference: string): PublicationRef {
  const match = REF.exec(reference);
  if (!match) {
    throw new CarepassError(
      'REFERENCE_INVALID',
      `"${reference}" is not a reference of the form slug[@version][#code], e.g. care-certificate@2025#10.1a`,
    );
  }
  const [, slug, version, code] = match;
  return { slug: slug as string, version, code };
}

/** Tells whether text looks like a `slug[@version][#code]` reference rather than a URI. */
export function isPublicationRef(reference: string): boolean {
  return REF.test(reference);
}

/** Formats a reference as `slug[@version][#code]`. */
export function formatPublicationRef(reference: PublicationRef): string {
  return `${reference.slug}${reference.version === undefined ? '' : `@${reference.version}`}${reference.code === undefined ? '' : `#${reference.code}`}`;
}

/**
 * Compares two version labels segment by segment, numeric segments numerically:
 * `1.2 < 1.10`, `2015 < 2025`, `1.0 < 1.0.1`. Returns a negative, zero or positive number.
 */
export function compareVersions(left: string, right: string): number {
  const a = left.split(/[.\-_]/);
  const b = right.split(/[.\-_]/);
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const x = a[index];
    const y = b[index];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x) ? Number(x) : Number.NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : Number.NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) {
      if (nx !== ny) return nx - ny;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

/** The URI of a competency: its explicit `id`, or `<framework id>/<code>`. */
export function getCompetencyUri(framework: Pick<Framework, 'id'>, competency: Pick<Competency, 'id' | 'code'>): string {
  return competency.id ?? `${framework.id.replace(/\/+$/, '')}/${encodeURIComponent(competency.code)}`;
}

/** @deprecated Renamed {@link getCompetencyUri} (verb-first); this alias goes in the next minor release. */
export const competencyUri = getCompetencyUri;
