import { describe, expect, it } from 'vitest';
import { findUnstorable, unstorableReason } from './storable-text';

describe('text PostgreSQL can store', () => {
  it('accepts ordinary Chinese text and astral characters written as a surrogate pair', () => {
    expect(unstorableReason('长春市公安局 𠮷')).toBeNull();
  });
  it('refuses NUL and lone high or low surrogates', () => {
    expect(unstorableReason('a\u0000b')).toBe('nul');
    expect(unstorableReason('a\ud800b')).toBe('surrogate');
    expect(unstorableReason('a\udc00')).toBe('surrogate');
    expect(unstorableReason('\ud800')).toBe('surrogate');
  });
  it('names the path of the first bad string, keys included', () => {
    expect(findUnstorable({ persons: [{ name: 'ok' }, { name: '张\u0000' }] }, 'body')).toEqual({ path: 'body.persons.1.name', reason: 'nul' });
    expect(findUnstorable({ ['k\ud800']: 1 }, 'query')).toEqual({ path: 'query.k\ufffd', reason: 'surrogate' });
    expect(findUnstorable({ a: [1, true, null, 'x'] }, 'body')).toBeNull();
  });
});
