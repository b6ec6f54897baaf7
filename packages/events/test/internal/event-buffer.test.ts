import { describe, expect, it } from 'vitest';
import { EventBuffer } from '../../src/internal/event-buffer';

function filled(capacity: number, count: number, from = 0): EventBuffer<string> {
  const buffer = new EventBuffer<string>(capacity);
  for (let index = from; index < from + count; index++) buffer.push(`e${index}`);
  return buffer;
}

describe('EventBuffer', () => {
  it('takes items from the head in the order they were pushed', () => {
    const buffer = filled(10, 5);
    expect(buffer.headSeq()).toBe(0);
    expect(buffer.take(3)).toEqual(['e0', 'e1', 'e2']);
    expect(buffer.headSeq()).toBe(3);
    expect(buffer.take(10)).toEqual(['e3', 'e4']);
    expect(buffer.size).toBe(0);
    expect(buffer.headSeq()).toBe(Number.POSITIVE_INFINITY);
    expect(buffer.nextSeq).toBe(5);
  });

  it('drops and returns the oldest item when full', () => {
    const buffer = filled(3, 3);
    expect(buffer.push('e3')).toBe('e0');
    expect(buffer.push('e4')).toBe('e1');
    expect(buffer.size).toBe(3);
    expect(buffer.headSeq()).toBe(2);
    expect(buffer.clear()).toEqual(['e2', 'e3', 'e4']);
  });

  it('grows past its first allocation up to capacity, keeping order across the wrap', () => {
    const buffer = filled(200, 100);
    buffer.take(60);
    for (let index = 100; index < 260; index++) buffer.push(`e${index}`);
    expect(buffer.size).toBe(200);
    expect(buffer.headSeq()).toBe(60);
    expect(buffer.take(200)).toEqual(Array.from({ length: 200 }, (_, index) => `e${60 + index}`));
  });

  it('puts a batch back at the head, ahead of what came since', () => {
    const buffer = filled(10, 6);
    const batch = buffer.take(4);
    buffer.push('e6');
    expect(buffer.requeue(batch)).toEqual([]);
    expect(buffer.headSeq()).toBe(0);
    expect(buffer.clear()).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e5', 'e6']);
  });

  it('drops the batch’s oldest items when putting it back would pass capacity', () => {
    const buffer = filled(5, 5);
    const batch = buffer.take(4);
    for (let index = 5; index < 8; index++) buffer.push(`e${index}`);
    expect(buffer.requeue(batch)).toEqual(['e0', 'e1', 'e2']);
    expect(buffer.headSeq()).toBe(3);
    expect(buffer.clear()).toEqual(['e3', 'e4', 'e5', 'e6', 'e7']);
  });

  it('holds exactly capacity when a full batch returns to a full buffer', () => {
    const buffer = filled(4, 4);
    const batch = buffer.take(4);
    for (let index = 4; index < 8; index++) buffer.push(`e${index}`);
    expect(buffer.requeue(batch)).toEqual(['e0', 'e1', 'e2', 'e3']);
    expect(buffer.size).toBe(4);
    expect(buffer.headSeq()).toBe(4);
  });

  it('drops a whole batch when the buffer overflowed while it was out', () => {
    const buffer = filled(4, 4);
    const batch = buffer.take(2);
    for (let index = 4; index < 7; index++) buffer.push(`e${index}`);
    expect(buffer.headSeq()).toBe(3);
    expect(buffer.requeue(batch)).toEqual(['e0', 'e1']);
    expect(buffer.clear()).toEqual(['e3', 'e4', 'e5', 'e6']);
  });

  it('works with a capacity of one', () => {
    const buffer = filled(1, 1);
    expect(buffer.push('e1')).toBe('e0');
    const batch = buffer.take(1);
    expect(buffer.requeue(batch)).toEqual([]);
    expect(buffer.headSeq()).toBe(1);
    expect(buffer.clear()).toEqual(['e1']);
  });
});
