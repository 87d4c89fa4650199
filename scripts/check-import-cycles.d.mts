// Types for scripts/check-import-cycles.mjs, for its test.
/** The import cycles among the packages' sources, each as its files relative to `root`. */
export function findImportCycles(packagesDir?: string, root?: string): string[][];
