import { describe, expectTypeOf, it } from 'vitest';
import { type Command, defineCommand, type FlagValue } from './command.js';

describe('defineCommand', () => {
  it('types each flag from its spec, so commands need no casts', () => {
    const command = defineCommand({
      path: ['demo'],
      summary: 'demo',
      usage: 'demo',
      examples: [],
      positionals: [0, 0],
      options: {
        json: { type: 'boolean', description: 'json' },
        out: { type: 'string', description: 'out' },
        trust: { type: 'string', multiple: true, description: 'trust' },
      },
      async run(context) {
        expectTypeOf(context.values.json).toEqualTypeOf<boolean | undefined>();
        expectTypeOf(context.values.out).toEqualTypeOf<string | undefined>();
        expectTypeOf(context.values.trust).toEqualTypeOf<string[] | undefined>();
        // @ts-expect-error: a flag the command does not declare
        void context.values.nope;
        return 0;
      },
    });
    expectTypeOf(command).toEqualTypeOf<Command>();
    expectTypeOf<FlagValue<{ type: 'boolean'; multiple: true }>>().toEqualTypeOf<boolean[]>();
  });
});
