// Types for scripts/conformance.mjs, for its test.
/** The six suites, with what each tests. */
export const SUITES: { name: string; title: string }[];
/** The local implementation configuration the suites read from `localConfig.cjs`. */
export function localConfig(service: { baseUrl: string; issuerId: string }): { settings: object; implementations: { name: string; issuers: { id: string; endpoint: string; tags: string[] }[]; verifiers: { endpoint: string; tags: string[] }[] }[] };
/** The report, in the style of a W3C implementation report. */
export function conformanceMarkdown(results: { suite: { name: string; title: string }; tests: { title: string; state: 'passed' | 'failed' | 'skipped'; reason?: string }[]; error?: string }[], meta: { date: string; source: string }): string;
