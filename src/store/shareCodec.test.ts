import fc from 'fast-check';
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../scenario/types.ts';
import { decodePayload, decompressBounded, encodeScenario, MAX_JSON, MAX_PAYLOAD, payloadOfHash } from './shareCodec.ts';

const example = JSON.parse(readFileSync('src/scenario/examples/leader-crash.json', 'utf8')) as Scenario;

describe('decompressBounded', () => {
  it('decodes what lz-string encodes, as lz-string does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 1500 }), (s) => {
        const enc = compressToEncodedURIComponent(s);
        const r = decompressBounded(enc, 1_000_000);
        expect(r).toEqual({ ok: true, text: s });
        expect(decompressFromEncodedURIComponent(enc)).toBe(s);
      }),
      { numRuns: 100 },
    );
  });

  it('stops at the limit on a payload that expands enormously', () => {
    const bomb = compressToEncodedURIComponent('a'.repeat(150_000));
    expect(bomb.length).toBeLessThan(5000);
    const t0 = performance.now();
    expect(decompressBounded(bomb, MAX_JSON)).toMatchObject({ ok: false, why: 'too-long' });
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('tells a truncated payload, a foreign character and garbage apart', () => {
    const enc = compressToEncodedURIComponent(JSON.stringify(example));
    expect(decompressBounded(enc.slice(0, enc.length - 20), MAX_JSON)).toMatchObject({ ok: false, why: 'truncated' });
    expect(decompressBounded(`${enc.slice(0, 10)}<${enc.slice(10)}`, MAX_JSON)).toMatchObject({ ok: false, why: 'alphabet', at: 10, char: '<' });
    for (const g of ['garbage', 'A', '$$$$', 'zzzzzzzzzzzzzzzzzzzz']) {
      const r = decompressBounded(g, MAX_JSON);
      if (r.ok) expect(r.text.length).toBeLessThanOrEqual(MAX_JSON);
      else expect(['truncated', 'corrupt']).toContain(r.why);
    }
  });

  it('never throws or runs away on random input', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$'), maxLength: 2000 }), (s) => {
        const r = decompressBounded(s, 4096);
        if (r.ok) expect(r.text.length).toBeLessThanOrEqual(4096);
      }),
      { numRuns: 500 },
    );
  });
});

describe('share payloads', () => {
  it('round-trips a scenario', () => {
    const e = encodeScenario(example);
    expect(e.ok).toBe(true);
    if (!e.ok) return;
    expect(decodePayload(e.payload)).toEqual({ ok: true, scenario: example });
    expect(payloadOfHash(`#s=${e.payload}`)).toBe(e.payload);
    expect(payloadOfHash(`#x=1&s=${e.payload}&y=2`)).toBe(e.payload);
    expect(payloadOfHash('#xs=1')).toBeNull();
    expect(payloadOfHash('')).toBeNull();
  });

  it('says what is wrong with bad payloads, in words', () => {
    const enc = (v: unknown) => compressToEncodedURIComponent(typeof v === 'string' ? v : JSON.stringify(v));
    const bad = (p: string) => {
      const r = decodePayload(p);
      expect(r.ok).toBe(false);
      return r as Extract<typeof r, { ok: false }>;
    };
    expect(bad('').problem).toMatch(/empty/);
    expect(bad('garbage').problem).toMatch(/cut short|damaged/);
    expect(bad('x'.repeat(MAX_PAYLOAD + 1)).problem).toMatch(/too large: 64 KB compressed|too large: 65 KB compressed|too large/);
    expect(bad(enc({ ...example, title: 'a'.repeat(100_000) })).problem).toMatch(/too large once decompressed/);
    expect(bad(enc('{"version": 1,')).problem).toMatch(/not valid JSON/);
    const v2 = bad(enc({ ...example, version: 2 }));
    expect(v2.problem).toBe('The link holds a scenario of format version 2; this ZooScope reads version 1.');
    expect(v2.errors).toEqual(['version: unsupported version 2 (this ZooScope reads version 1)']);
    const hostile = bad(enc({ ...example, actions: [{ at: 0, do: 'connect', client: '<img src=x onerror=alert(1)>', servers: [1] }] }));
    expect(hostile.problem).toMatch(/not a valid scenario \(1 problem\)/);
    expect(hostile.errors[0]).toMatch(/^actions\[0\]\.client: /);
    const full = enc(example);
    expect(bad(full.slice(0, full.length >> 1)).problem).toMatch(/cut short|damaged/);
    expect(bad('%3Cscript%3E').problem).toMatch(/character “<” at position 1/);
    expect(bad('%E0%A4%A').problem).toMatch(/character “%” at position 1/);
    expect(decodePayload(full.replace(/\$/g, '%24').replace(/\+/g, '%2B')).ok).toBe(true);
  });

  it('refuses to make a link longer than the limit', () => {
    const many = { ...example, actions: Array.from({ length: 3000 }, (_, i) => ({ at: 16000, do: 'cli', client: 'c1', command: `create /n${i} ${(i * 7919).toString(36)}` })) };
    const e = encodeScenario(many as unknown as Scenario);
    expect(e.ok).toBe(false);
  });
});
