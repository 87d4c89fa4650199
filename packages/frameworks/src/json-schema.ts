import { z } from 'zod';
import { FrameworkSchema } from './framework.js';
import { MicroQualificationSchema } from './micro-qualification.js';

/** The document models a JSON Schema can be generated for. */
export type JsonSchemaModel = 'framework' | 'micro-qualification';

const MODELS = {
  framework: { schema: FrameworkSchema, title: 'Carepass competency framework' },
  'micro-qualification': { schema: MicroQualificationSchema, title: 'Carepass micro-qualification' },
} as const;

/** Base URI of the JSON Schemas Carepass publishes. */
export const JSON_SCHEMA_BASE = 'https://w3id.org/carepass/schemas/';

/**
 * The JSON Schema (draft 2020-12) of a Carepass document model, generated from the zod schema that
 * the TypeScript types come from, for publishers and tools that do not use TypeScript. It checks
 * shape only; {@link safeParseFramework} also checks uniqueness, references and cycles.
 */
export function toJsonSchema(model: JsonSchemaModel): Record<string, unknown> {
  const { schema, title } = MODELS[model];
  const generated = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...generated, $id: `${JSON_SCHEMA_BASE}${model}.json`, title };
}
