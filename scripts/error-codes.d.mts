// Types for scripts/error-codes.mjs, for the test that checks the page is current.
/** Where the page is written. */
export const PAGE: string;
/** The page's text. */
export function errorCodesMarkdown(): string;
