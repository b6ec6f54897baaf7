import { describe, expect, it } from 'vitest';
import {
  comparePyStrings,
  PyNumber,
  parsePyFloat,
  parsePyInt,
  parsePyJson,
  pyFloatRepr,
  pyModulo,
  pyRepr,
  pyStr,
  toContextValue,
} from '../../src/internal/python';

// Python's own repr() of these floats (CPython 3.11): random bit patterns and every decade.
const PYTHON_FLOAT_REPRS = [
  '-1.989032661366619e+244',
  '7.761117632285041e+178',
  '3.980498358697587e-249',
  '-1.5432835417340557e+88',
  '1.3647584518757569e-192',
  '-1.3701135617873088e-206',
  '-1.7160537630466207e+197',
  '6.294675241195386e-44',
  '1.0613447212142254e-202',
  '4.708325160387546e+207',
  '6.387016158513563e-12',
  '-9.973130378568733e-246',
  '8.779753225680271e-236',
  '-5.795503248498993e-228',
  '-5.988180159386011e+243',
  '-1.306052388527796e-147',
  '-2.436117699484841e-206',
  '2.233386999150174e-232',
  '-3.51527970626667e-203',
  '1.5987381841032883e-247',
  '4.6678633181812096e-36',
  '-8.441872792105456e-239',
  '1.9015657400796622e-144',
  '7.370437700706684e+208',
  '-1.7163996725272777e-258',
  '-3.2367190832119987e-221',
  '-2.2818334634712625e-234',
  '-3.0536383926309363e-84',
  '1.3449551894627777e-181',
  '-7.317495976062606e-221',
  '5.249822308814304e-77',
  '1.5450754142984396e-188',
  '-3.953625698224792e-47',
  '-2.72491267476498e-229',
  '-6.505141861548772e-162',
  '1.441484839555994e+304',
  '-1.4583679262758548e-269',
  '-7.939416668807721e+33',
  '1.4255183989699612e+266',
  '-1.525315701232403e+214',
  '1e-08',
  '1.5000000000000002e-08',
  '1.23456e-06',
  '1e-07',
  '1.5e-07',
  '1.23456e-05',
  '1e-06',
  '1.5e-06',
  '0.000123456',
  '1e-05',
  '1.5000000000000002e-05',
  '0.0012345600000000002',
  '0.0001',
  '0.00015000000000000001',
  '0.012345600000000002',
  '0.001',
  '0.0015',
  '0.12345600000000001',
  '0.01',
  '0.015',
  '1.23456',
  '0.1',
  '0.15000000000000002',
  '12.345600000000001',
  '1.0',
  '1.5',
  '123.456',
  '10.0',
  '15.0',
  '1234.56',
  '100.0',
  '150.0',
  '12345.6',
  '1000.0',
  '1500.0',
  '123456.0',
  '10000.0',
  '15000.0',
  '1234560.0',
  '100000.0',
  '150000.0',
  '12345600.0',
  '1000000.0',
  '1500000.0',
  '123456000.0',
  '10000000.0',
  '15000000.0',
  '1234560000.0',
  '100000000.0',
  '150000000.0',
  '12345600000.0',
  '1000000000.0',
  '1500000000.0',
  '123456000000.0',
  '10000000000.0',
  '15000000000.0',
  '1234560000000.0',
  '100000000000.0',
  '150000000000.0',
  '12345600000000.0',
  '1000000000000.0',
  '1500000000000.0',
  '123456000000000.0',
  '10000000000000.0',
  '15000000000000.0',
  '1234560000000000.0',
  '100000000000000.0',
  '150000000000000.0',
  '1.23456e+16',
  '1000000000000000.0',
  '1500000000000000.0',
  '1.23456e+17',
  '1e+16',
  '1.5e+16',
  '1.23456e+18',
  '1e+17',
  '1.5e+17',
  '1.23456e+19',
  '1e+18',
  '1.5e+18',
  '1.23456e+20',
  '1e+19',
  '1.5e+19',
  '1.23456e+21',
  '1e+20',
  '1.5e+20',
  '1.23456e+22',
  '1e+21',
  '1.5e+21',
  '1.23456e+23',
  '1e+22',
  '1.5e+22',
  '1.23456e+24',
  '1e+23',
  '1.4999999999999999e+23',
  '1.2345599999999998e+25',
  '0.30000000000000004',
  '1000000000000000.5',
  '123.0',
  '-0.0',
  '5e-324',
  '2.5e-05',
  '1.2345678901234568e+16',
  '-1.5',
  '-0.001',
];

describe('pyFloatRepr', () => {
  it('prints floats exactly as Python repr() does', () => {
    for (const repr of PYTHON_FLOAT_REPRS) expect(pyFloatRepr(Number(repr))).toBe(repr);
  });

  it('prints the non-finite floats as Python does', () => {
    expect(pyFloatRepr(Number.NaN)).toBe('nan');
    expect(pyFloatRepr(Number.POSITIVE_INFINITY)).toBe('inf');
    expect(pyFloatRepr(Number.NEGATIVE_INFINITY)).toBe('-inf');
  });
});

describe('parsePyInt and parsePyFloat', () => {
  // [text, int(text), repr(float(text))] from CPython 3.11; null where Python raises.
  const cases: [string, string | null, string | null][] = [
    ['1_000', '1000', '1000.0'],
    [' 12 ', '12', '12.0'],
    ['+5', '5', '5.0'],
    ['-0', '0', '-0.0'],
    ['1e3', null, '1000.0'],
    ['1.', null, '1.0'],
    ['.5', null, '0.5'],
    ['_1', null, null],
    ['1__0', null, null],
    ['inf', null, 'inf'],
    ['-Infinity', null, '-inf'],
    ['nan', null, 'nan'],
    ['1_0.5_0', null, '10.5'],
    ['0x10', null, null],
    ['١٢', '12', '12.0'],
    ['12\n', '12', '12.0'],
    ['\t3\v', '3', '3.0'],
    ['1e1_0', null, '10000000000.0'],
    ['', null, null],
    ['007', '7', '7.0'],
    ['-007', '-7', '-7.0'],
    ['99999999999999999999', '99999999999999999999', '1e+20'],
    ['1.50', null, '1.5'],
    ['- 5', null, null],
    ['5.', null, '5.0'],
    ['0.000001', null, '1e-06'],
    ['\u20035\u2003', '5', '5.0'],
    ['\ufeff5', null, null],
    ['1.5e-7', null, '1.5e-07'],
  ];

  it.each(cases)('reads %j as Python int() and float() do', (text, asInt, asFloat) => {
    expect(parsePyInt(text) ?? null).toBe(asInt);
    const parsed = parsePyFloat(text);
    expect(parsed === undefined ? null : pyFloatRepr(parsed)).toBe(asFloat);
  });

  it('refuses values that are not text, as Python raises TypeError', () => {
    expect(parsePyInt(null)).toBeUndefined();
    expect(parsePyFloat(['1'])).toBeUndefined();
  });
});

describe('toContextValue', () => {
  it('reads numeric-looking strings as Python int and float', () => {
    expect(toContextValue('42')).toEqual(new PyNumber(true, 42, '42'));
    expect(toContextValue('-007')).toEqual(new PyNumber(true, -7, '-7'));
    expect(toContextValue('1.50')).toEqual(new PyNumber(false, 1.5, '1.5'));
    expect(toContextValue('2.0')).toEqual(new PyNumber(false, 2, '2.0'));
    expect((toContextValue('12345678901234567890') as PyNumber).text).toBe('12345678901234567890');
  });

  it('keeps other strings and scalars as they are', () => {
    for (const value of ['1e3', '+1', '1.', '.5', ' 1', 'abc', '', '1.0.0', 3, 2.5, true, false]) {
      expect(toContextValue(value)).toBe(value);
    }
    expect(toContextValue(undefined)).toBeNull();
    expect(toContextValue(null)).toBeNull();
  });

  it('turns objects and lists into their Python str()', () => {
    expect(toContextValue({ a: 1, b: [1, 'x', null, true, 1.5] })).toBe(
      "{'a': 1, 'b': [1, 'x', None, True, 1.5]}",
    );
  });
});

describe('pyStr and pyRepr', () => {
  it('print scalars as Python str() does', () => {
    expect(pyStr(true)).toBe('True');
    expect(pyStr(false)).toBe('False');
    expect(pyStr(null)).toBe('None');
    expect(pyStr(10)).toBe('10');
    expect(pyStr(1e21)).toBe('1000000000000000000000');
    expect(pyStr(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(pyStr(1e-5)).toBe('1e-05');
    expect(pyStr('text')).toBe('text');
  });

  it('quote and escape strings as Python repr() does', () => {
    expect(pyRepr("it's")).toBe('"it\'s"');
    expect(pyRepr('a"b')).toBe("'a\"b'");
    expect(pyRepr('a\'b"c')).toBe("'a\\'b\"c'");
    expect(pyRepr('\x00\u200b\xe9😀\n\\')).toBe("'\\x00\\u200bé😀\\n\\\\'");
  });
});

describe('pyModulo', () => {
  it('takes the sign of the divisor, as Python % does', () => {
    expect(pyModulo(-7, 2)).toBe(1);
    expect(pyModulo(7, -2)).toBe(-1);
    expect(pyModulo(-7.5, 2)).toBe(0.5);
    expect(pyModulo(34.2, 4)).toBe(2.200000000000003);
    expect(pyModulo(35, 4)).toBe(3);
  });

  it('gives NaN for a zero divisor, where Python raises', () => {
    expect(pyModulo(3, 0)).toBeNaN();
  });
});

describe('comparePyStrings', () => {
  it('orders by code point, not UTF-16 unit', () => {
    expect(comparePyStrings('\uffff', '😀')).toBeLessThan(0);
    expect('\uffff' < '😀').toBe(false);
    expect(comparePyStrings('a', 'b')).toBeLessThan(0);
    expect(comparePyStrings('ab', 'a')).toBeGreaterThan(0);
    expect(comparePyStrings('x', 'x')).toBe(0);
  });
});

describe('parsePyJson', () => {
  it('keeps integers and floats apart, as json.loads does', () => {
    const parsed = parsePyJson('[1, 1.0, -0, 1e2, "a", true, null, NaN, -Infinity]') as unknown[];
    expect(parsed.map(pyStr)).toEqual([
      '1',
      '1.0',
      '0',
      '100.0',
      'a',
      'True',
      'None',
      'nan',
      '-inf',
    ]);
  });

  it('reads nested values and escapes', () => {
    expect(pyStr(parsePyJson('{"a": [1, {"b": "\\u00e9\\n"}]}'))).toBe("{'a': [1, {'b': 'é\\n'}]}");
  });

  it('rejects what json.loads rejects', () => {
    for (const text of ['', '[1,]', "['a']", '[1] x', '{"a" 1}', '"\\x"', '01', 'tru']) {
      expect(parsePyJson(text)).toBeUndefined();
    }
  });
});
