// Small readers of parsed JSON shared inside the package (not public API).

/** A parsed JSON object. */
export type JsonObject = Record<string, unknown>;

/** Whether a value is a JSON object (not null, not an array). */
export const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A JSON-LD value as a list: nothing for undefined, the array itself, or a one-item list. */
export const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** The string types of a node (`type` as a string or an array), as a list; empty for anything else. */
export const typesOf = (value: unknown): string[] => (isObject(value) ? asArray(value.type).filter((type): type is string => typeof type === 'string') : []);
