import { describe, expectTypeOf, it } from 'vitest';
import { CarepassError, type CarepassErrorDetails, isCarepassError } from './errors.js';
import type { Issue } from './issues.js';

describe('CarepassError details', () => {
  it('are typed by code once the code is known', () => {
    const caught: unknown = new CarepassError('CROSSWALK_INVALID', 'x', { details: { issues: [] } });
    if (isCarepassError(caught, 'CROSSWALK_INVALID')) expectTypeOf(caught.details).toEqualTypeOf<{ issues: readonly Issue[] } | undefined>();
    if (isCarepassError(caught, 'KEY_INVALID')) expectTypeOf(caught.details).toEqualTypeOf<undefined>();
    expectTypeOf<CarepassErrorDetails<'FRAMEWORK_INVALID'>>().toEqualTypeOf<{ issues: readonly Issue[]; position?: number }>();
  });

  it('refuses details a code does not carry', () => {
    // @ts-expect-error KEY_INVALID carries no details
    void new CarepassError('KEY_INVALID', 'x', { details: { issues: [] } });
    // @ts-expect-error FRAMEWORK_INVALID details are issues, not a free-form record
    void new CarepassError('FRAMEWORK_INVALID', 'x', { details: { reason: 'bad' } });
  });
});
