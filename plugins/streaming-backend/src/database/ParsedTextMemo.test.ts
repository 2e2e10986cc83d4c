import { ParsedTextMemo, textVersion } from './ParsedTextMemo';

describe('ParsedTextMemo', () => {
  it('parses a text once while its version is unchanged, again when it changes', () => {
    const memo = new ParsedTextMemo<unknown>(10);
    const parse = jest.fn(JSON.parse);
    const first = memo.get('a', 'v1', '{"x":1}', parse);
    expect(memo.get('a', 'v1', '{"x":1}', parse)).toBe(first);
    expect(parse).toHaveBeenCalledTimes(1);
    expect(memo.get('a', 'v2', '{"x":2}', parse)).toEqual({ x: 2 });
    expect(parse).toHaveBeenCalledTimes(2);
  });

  it('keeps no failed parse, so the failure is seen on every read', () => {
    const memo = new ParsedTextMemo<unknown>(10);
    expect(() => memo.get('a', 'v', 'not json', JSON.parse)).toThrow();
    expect(memo.size).toBe(0);
    expect(() => memo.get('a', 'v', 'not json', JSON.parse)).toThrow();
  });

  it('holds at most maxEntries, evicting the least recently used', () => {
    const memo = new ParsedTextMemo<unknown>(2);
    const parse = jest.fn(JSON.parse);
    memo.get('a', 'v', '1', parse);
    memo.get('b', 'v', '2', parse);
    memo.get('a', 'v', '1', parse);
    memo.get('c', 'v', '3', parse); // evicts b
    expect(memo.size).toBe(2);
    memo.get('a', 'v', '1', parse);
    expect(parse).toHaveBeenCalledTimes(3);
    memo.get('b', 'v', '2', parse);
    expect(parse).toHaveBeenCalledTimes(4);
  });

  it('versions a text by its content', () => {
    expect(textVersion('{"a":1}')).toBe(textVersion('{"a":1}'));
    expect(textVersion('{"a":1}')).not.toBe(textVersion('{"a":2}'));
  });
});
