import type { Competency, Framework } from './framework.js';
import { getCompetencyUri } from './references.js';

/** A competency with where it sits in its framework. */
export interface IndexedCompetency {
  /** The node itself. */
  competency: Competency;
  /** Its URI (explicit or derived). */
  uri: string;
  /** Code of its parent; absent for top-level nodes. */
  parentCode?: string | undefined;
  /** Codes of its ancestors, top first. */
  ancestors: string[];
  /** 0 for top-level nodes. */
  depth: number;
  /** JSON path segments of the node inside the framework document. */
  path: (string | number)[];
}

/** Lookup tables over one framework's tree, built once and cached per framework object. */
export interface FrameworkIndex {
  /** Every node in document order (depth first). */
  competencies: IndexedCompetency[];
  /** Nodes by code; with duplicate codes, the first one. */
  byCode: ReadonlyMap<string, IndexedCompetency>;
  /** Nodes by URI; with duplicate URIs, the first one. */
  byUri: ReadonlyMap<string, IndexedCompetency>;
}

const cache = new WeakMap<Framework, FrameworkIndex>();

/**
 * Indexes a framework's competency tree by code and URI. The index is cached for the framework
 * object, so treat frameworks as immutable once indexed.
 */
export function indexFramework(framework: Framework): FrameworkIndex {
  const cached = cache.get(framework);
  if (cached) return cached;
  const competencies: IndexedCompetency[] = [];
  const byCode = new Map<string, IndexedCompetency>();
  const byUri = new Map<string, IndexedCompetency>();
  // An explicit stack rather than recursion, so very deep trees cannot overflow the call stack.
  const stack: { node: Competency; ancestors: string[]; path: (string | number)[] }[] = [];
  for (let index = framework.competencies.length - 1; index >= 0; index--) {
    stack.push({ node: framework.competencies[index] as Competency, ancestors: [], path: ['competencies', index] });
  }
  while (stack.length > 0) {
    const { node, ancestors, path } = stack.pop() as (typeof stack)[number];
    const entry: IndexedCompetency = {
      competency: node,
      uri: getCompetencyUri(framework, node),
      parentCode: ancestors.at(-1),
      ancestors,
      depth: ancestors.length,
      path,
    };
    competencies.push(entry);
    if (!byCode.has(node.code)) byCode.set(node.code, entry);
    if (!byUri.has(entry.uri)) byUri.set(entry.uri, entry);
    const children = node.children ?? [];
    for (let index = children.length - 1; index >= 0; index--) {
      stack.push({ node: children[index] as Competency, ancestors: [...ancestors, node.code], path: [...path, 'children', index] });
    }
  }
  const index: FrameworkIndex = { competencies, byCode, byUri };
  cache.set(framework, index);
  return index;
}
