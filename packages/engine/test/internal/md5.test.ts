import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashedPercentage, hashedPercentageOfPair, md5Hex } from '../../src/internal/hashing';

const nodeMd5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

describe('md5', () => {
  it('gives the RFC 1321 test-suite digests', () => {
    expect(md5Hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5Hex('a')).toBe('0cc175b9c0f1b6a831c399e269772661');
    expect(md5Hex('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(md5Hex('message digest')).toBe('f96b697d7cb7938d525a2f31aaf161d0');
    expect(md5Hex('abcdefghijklmnopqrstuvwxyz')).toBe('c3fcd3d76192e4007dfb496cca67e13b');
    expect(md5Hex('1234567890'.repeat(8))).toBe('57edf4a22be3c955ac49da2e2107b67a');
  });

  it('handles every length around the 56- and 64-byte padding boundaries', () => {
    for (let length = 0; length <= 200; length++) {
      const text = 'x'.repeat(length);
      expect(md5Hex(text)).toBe(nodeMd5(text));
    }
  });

  it('hashes the UTF-8 bytes of any string like node:crypto', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(md5Hex(text)).toBe(nodeMd5(text));
      }),
      { numRuns: 500 },
    );
  });

  it('replaces lone surrogates with U+FFFD as UTF-8 encoders do', () => {
    expect(md5Hex('a\ud800b')).toBe(nodeMd5('a\ufffdb'));
  });
});

describe('hashedPercentage', () => {
  // Expected values computed with Python's hashlib, as Flagsmith's reference engine does.
  it('gives the percentage Flagsmith derives from the joined ids', () => {
    expect(hashedPercentage(['1', 'user'])).toBe(51.29025805161033);
    expect(hashedPercentage(['78986', '32103813'])).toBe(49.27985597119424);
    expect(hashedPercentage(['12345', 'test_env_foobar'])).toBe(51.990398079615915);
    expect(hashedPercentage(['', 'b'])).toBe(69.86397279455892);
    expect(hashedPercentage(['seg', 'Émile 😀'])).toBe(13.3626725345069);
    expect(hashedPercentage(['a'])).toBe(11.802360472094419);
    expect(hashedPercentage(['a', 'b', 'c'])).toBe(5.761152230446089);
  });

  it('repeats the ids when the hash lands on exactly 100', () => {
    // md5("x,1498") modulo 9999 is 9998; Flagsmith then hashes "x,1498,x,1498".
    expect(hashedPercentage(['x', '1498'])).toBe(37.59751950390078);
    expect(hashedPercentageOfPair('x', '1498')).toBe(37.59751950390078);
  });

  it('gives the same value for a pair as for a list of two', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(hashedPercentageOfPair(a, b)).toBe(hashedPercentage([a, b]));
      }),
    );
  });

  it('stays within 0 (inclusive) and 100 (exclusive)', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 4 }), (ids) => {
        const value = hashedPercentage(ids);
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThan(100);
      }),
    );
  });
});
