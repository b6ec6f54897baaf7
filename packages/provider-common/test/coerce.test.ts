import { coerceValue } from '@flagsmith-openfeature/provider-common';
import { describe, expect, it } from 'vitest';

describe('coerceValue', () => {
  it('reads numbers from numbers and whole numeric strings', () => {
    expect(coerceValue(12.5, 'number')).toEqual({ ok: true, value: 12.5 });
    expect(coerceValue(' 42 ', 'number')).toEqual({ ok: true, value: 42 });
    expect(coerceValue('1e3', 'number')).toEqual({ ok: true, value: 1000 });
    for (const bad of ['', '  ', '42px', 'Infinity', 'NaN', true]) {
      expect(coerceValue(bad, 'number')).toMatchObject({ ok: false, errorCode: 'TYPE_MISMATCH' });
    }
  });

  it('stringifies numbers and booleans for strings', () => {
    expect(coerceValue('blue', 'string')).toEqual({ ok: true, value: 'blue' });
    expect(coerceValue(7, 'string')).toEqual({ ok: true, value: '7' });
    expect(coerceValue(false, 'string')).toEqual({ ok: true, value: 'false' });
  });

  it('parses JSON objects and arrays for objects', () => {
    expect(coerceValue('{"a":[1,2]}', 'object')).toEqual({ ok: true, value: { a: [1, 2] } });
    expect(coerceValue('[1]', 'object')).toEqual({ ok: true, value: [1] });
    expect(coerceValue('{"a":', 'object')).toMatchObject({ ok: false, errorCode: 'PARSE_ERROR' });
    expect(coerceValue('"text"', 'object')).toMatchObject({
      ok: false,
      errorCode: 'TYPE_MISMATCH',
    });
    expect(coerceValue('null', 'object')).toMatchObject({ ok: false, errorCode: 'TYPE_MISMATCH' });
    expect(coerceValue(3, 'object')).toMatchObject({ ok: false, errorCode: 'TYPE_MISMATCH' });
  });

  it('reads booleans and the strings true and false for booleans', () => {
    expect(coerceValue(true, 'boolean')).toEqual({ ok: true, value: true });
    expect(coerceValue(' FALSE ', 'boolean')).toEqual({ ok: true, value: false });
    expect(coerceValue('yes', 'boolean')).toMatchObject({ ok: false, errorCode: 'TYPE_MISMATCH' });
    expect(coerceValue(1, 'boolean')).toMatchObject({ ok: false, errorCode: 'TYPE_MISMATCH' });
  });
});
