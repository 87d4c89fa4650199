// Types for scripts/data-report.mjs, for the test that checks the generated files are current.
import type { FrameworkRegistry } from '@carepass/frameworks';

/** Where the coverage table is written. */
export const README: string;
/** Where the known gaps are written. */
export const KNOWN_GAPS: string;
/** The audit's problems for every built-in publication, as `code path` lines by reference. */
export function knownGaps(registry?: FrameworkRegistry): { note: string; gaps: Record<string, string[]> };
/** The coverage table, between its markers. */
export function coverageMarkdown(registry?: FrameworkRegistry): string;
/** The README with its coverage section replaced by a freshly generated one. */
export function readmeWithCoverage(text: string, registry?: FrameworkRegistry): string;
