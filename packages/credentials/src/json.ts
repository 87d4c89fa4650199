// Small readers of parsed JSON shared inside the package (not public API).
import { isJsonObject, type JsonObject } from '@carepass/frameworks';

export type { JsonObject };

/** Whether a value is a JSON object (not null, not an array): `isJsonObject` of @carepass/frameworks. */
export function isObject(value: unknown): value is JsonObject {
  return isJsonObject(value);
}

/** A JSON-LD value as a list: nothing for undefined, the array itself, or a one-item list. */
export const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** The string types of a node (`type` as a string or an array), as a list; empty for anything else. */
export const typesOf = (value: unknown): string[] => (isObject(value) ? asArray(value.type).filter((type): type is string => typeof type === 'string') : []);
