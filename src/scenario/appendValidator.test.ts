import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Scenario } from './types.ts';
import { AppendValidator, validateScenario } from './validate.ts';

const base: Scenario = {
  version: 1,
  seed: 3,
  ensemble: { participants: 3 },
  actions: [
    { at: 100, do: 'connect', client: 'a', servers: [1, 2] },
    { at: 200, do: 'cli', client: 'a', command: 'ls /' },
  ],
  until: 300,
};

const clients = fc.constantFrom('a', 'b', 'c');
const action = fc.oneof(
  fc.record({ do: fc.constant('connect'), client: clients, servers: fc.constantFrom([1], [2, 3], [4], []) }),
  fc.record({ do: fc.constant('cli'), client: clients, command: fc.constantFrom('ls /', 'create /x', '') }),
  fc.record({ do: fc.constant('crash-client'), client: clients }),
  fc.record({ do: fc.constant('close'), client: clients }),
  fc.record({ do: fc.constantFrom('kill', 'restart', 'pause', 'bogus'), server: fc.constantFrom(1, 3, 9, 'x') }),
  fc.record({ do: fc.constant('heal') }),
  fc.constant('not an object'),
);
// Mostly forward in time, sometimes back (the whole scenario is checked then).
const step = fc.tuple(action, fc.integer({ min: -50, max: 400 }));

describe('AppendValidator', () => {
  it('answers as validating the whole scenario would, action after action', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const v = new AppendValidator(base);
        let whole = base;
        let t = 300;
        for (const [a, dt] of steps) {
          t = Math.max(0, t + dt);
          const input = typeof a === 'object' ? { ...a, at: t } : a;
          const until = Math.max(whole.until, t);
          const expected = validateScenario({ ...whole, actions: [...whole.actions!, input], until });
          const got = v.append(input, until);
          expect(got.ok).toBe(expected.ok);
          if (!expected.ok) expect(got).toEqual({ ok: false, errors: expected.errors });
          else {
            whole = expected.scenario;
            expect(got).toEqual({ ok: true, action: whole.actions![whole.actions!.length - 1] });
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
