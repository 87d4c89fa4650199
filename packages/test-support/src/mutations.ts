// Test-only: every single-point mutation of a JSON document, and seeded random combinations of
// them. Mutations that are equivalent in JSON-LD (wrapping a value in a one-item array, repeating a
// value in a set, reordering a set) are deliberately not produced: they do not change what was
// signed, so a verifier is right to accept them.

type Path = (string | number)[];
type Json = unknown;

/** One way to damage a document. */
export interface Mutation {
  /** What it does, for failure messages: `delete $.proof.created`. */
  label: string;
  apply(document: Json): Json;
}

const HOMOGLYPHS: Record<string, string> = { a: 'а', e: 'е', o: 'о', i: 'і', c: 'с', p: 'р', x: 'х', y: 'у' };

function describe(path: Path): string {
  return `$${path.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${segment}`)).join('')}`;
}

/** Applies `change` to the value at `path` in a deep copy; `undefined` from `change` deletes it. */
function at(path: Path, change: (value: Json, parent: Record<string | number, Json>, key: string | number) => Json | typeof DELETE): (document: Json) => Json {
  return (document) => {
    const copy = structuredClone(document) as Record<string | number, Json>;
    let parent = copy;
    for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, Json>;
    const key = path.at(-1) as string | number;
    const next = change(parent[key], parent, key);
    if (next === DELETE) {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
    } else parent[key] = next;
    return copy;
  };
}
const DELETE = Symbol('delete');

/** A value of a different JSON type, never an equivalent one (no one-item array of the same value). */
function swapsFor(value: Json): Json[] {
  if (typeof value === 'string') return [42, true, null, {}];
  if (typeof value === 'number') return [String(value), null];
  if (typeof value === 'boolean') return [String(value), 0];
  if (Array.isArray(value)) return ['swapped', {}, 7];
  if (value !== null && typeof value === 'object') return ['swapped', 7, []];
  return ['swapped'];
}

function lookalike(text: string): string {
  const index = [...text].findIndex((char) => char in HOMOGLYPHS);
  if (index < 0) return `${text}\u200b`;
  const chars = [...text];
  chars[index] = HOMOGLYPHS[chars[index] as string] as string;
  return chars.join('');
}

/** Every single-point mutation of a document: change, delete, swap type, look-alike, add, and reorder where order matters. */
export function enumerateMutations(document: Json): Mutation[] {
  const mutations: Mutation[] = [];
  const walk = (value: Json, path: Path): void => {
    if (path.length > 0) {
      mutations.push({ label: `delete ${describe(path)}`, apply: at(path, () => DELETE) });
      for (const swap of swapsFor(value)) mutations.push({ label: `swap ${describe(path)} → ${JSON.stringify(swap)}`, apply: at(path, () => swap) });
    }
    if (typeof value === 'string' && path.length > 0) {
      mutations.push({ label: `change ${describe(path)}`, apply: at(path, (current) => `${String(current)}x`) });
      mutations.push({ label: `look-alike ${describe(path)}`, apply: at(path, (current) => lookalike(String(current))) });
    } else if (typeof value === 'number') {
      mutations.push({ label: `change ${describe(path)}`, apply: at(path, (current) => (current as number) + 1) });
    } else if (typeof value === 'boolean') {
      mutations.push({ label: `change ${describe(path)}`, apply: at(path, (current) => !current) });
    } else if (Array.isArray(value)) {
      mutations.push({ label: `add to ${describe(path)}`, apply: path.length === 0 ? (doc) => doc : at(path, (current) => [...(current as Json[]), 'Injected']) });
      // Order matters in @context (later contexts override earlier ones, v2 must come first).
      if (path.at(-1) === '@context' && value.length > 1) mutations.push({ label: `reorder ${describe(path)}`, apply: at(path, (current) => [...(current as Json[])].reverse()) });
      value.forEach((child, index) => walk(child, [...path, index]));
    } else if (value !== null && typeof value === 'object') {
      if (path.length === 0) {
        mutations.push({ label: 'add $.injected', apply: (doc) => ({ ...(doc as object), injected: 'extra' }) });
      } else {
        mutations.push({ label: `add to ${describe(path)}`, apply: at(path, (current) => ({ ...(current as object), injected: 'extra' })) });
      }
      for (const [key, child] of Object.entries(value)) walk(child, [...path, key]);
    }
  };
  walk(document, []);
  return mutations;
}

/** A small seeded PRNG (mulberry32), so a failing combination can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` mutations: every single-point one of each document, then seeded pairs until the count is reached. */
export function mutationPlan(documents: readonly Json[], count: number, seed: number): { document: number; mutation: Mutation }[] {
  const singles = documents.flatMap((document, index) => enumerateMutations(document).map((mutation) => ({ document: index, mutation })));
  const plan = singles.slice(0, count);
  const random = seededRandom(seed);
  while (plan.length < count) {
    const first = singles[Math.floor(random() * singles.length)] as (typeof singles)[number];
    const sameDocument = singles.filter((entry) => entry.document === first.document);
    let second = sameDocument[Math.floor(random() * sameDocument.length)] as (typeof singles)[number];
    // The same mutation twice could undo itself (a reorder reversed twice): pair it with another.
    if (second === first) second = sameDocument[(sameDocument.indexOf(first) + 1) % sameDocument.length] as (typeof singles)[number];
    plan.push({
      document: first.document,
      mutation: {
        label: `${first.mutation.label} + ${second.mutation.label}`,
        apply: (document) => {
          const once = first.mutation.apply(document);
          // The second path may be gone after the first mutation; then the first alone stands.
          try {
            return second.mutation.apply(once);
          } catch {
            return once;
          }
        },
      },
    });
  }
  return plan;
}
