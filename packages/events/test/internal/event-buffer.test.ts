import { describe, expect, it } from 'vitest';
import { EventBuffer } from '../../src/internal/event-buffer';

/** A buffer of `capacity` with `count` items pushed, and the items it dropped, in order. */
function filled(
  capacity: number,
  count: number,
): { buffer: EventBuffer<string>; dropped: string[] } {
  const dropped: string[] = [];
  const buffer = new EventBuffer<string>(capacity, (items) => dropped.push(...items));
  for (let index = 0; index < count; index++) buffer.push(`e${index}`);
  return { buffer, dropped };
}

describe('EventBuffer', () => {
  it('takes items from the head in the order they were pushed', () => {
    const { buffer } = filled(10, 5);
    expect(buffer.headSeq()).toBe(0);
    expect(buffer.take(3)).toEqual(['e0', 'e1', 'e2']);
    expect(buffer.headSeq()).toBe(3);
    expect(buffer.take(10)).toEqual(['e3', 'e4']);
    expect(buffer.size).toBe(0);
    expect(buffer.headSeq()).toBe(5);
    expect(buffer.nextSeq).toBe(5);
  });

  it('drops the oldest item when full', () => {
    const { buffer, dropped } = filled(3, 3);
    buffer.push('e3');
    buffer.push('e4');
    expect(dropped).toEqual(['e0', 'e1']);
    expect(buffer.size).toBe(3);
    expect(buffer.headSeq()).toBe(2);
    expect(buffer.clear()).toEqual(['e2', 'e3', 'e4']);
  });

  it('keeps order while items are pushed and taken in turns', () => {
    const { buffer, dropped } = filled(200, 100);
    buffer.take(60);
    for (let index = 100; index < 260; index++) buffer.push(`e${index}`);
    expect(buffer.size).toBe(200);
    expect(buffer.headSeq()).toBe(60);
    buffer.take(50);
    for (let index = 260; index < 300; index++) buffer.push(`e${index}`);
    expect(dropped).toEqual([]);
    expect(buffer.take(200)).toEqual(Array.from({ length: 190 }, (_, index) => `e${110 + index}`));
  });

  it('puts a batch back at the head, ahead of what came since', () => {
    const { buffer, dropped } = filled(10, 6);
    const batch = buffer.take(4);
    buffer.push('e6');
    buffer.requeue(batch);
    expect(dropped).toEqual([]);
    expect(buffer.headSeq()).toBe(0);
    expect(buffer.clear()).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e5', 'e6']);
  });

  it('drops the batch’s oldest items when putting it back would pass capacity', () => {
    const { buffer, dropped } = filled(5, 5);
    const batch = buffer.take(4);
    for (let index = 5; index < 8; index++) buffer.push(`e${index}`);
    buffer.requeue(batch);
    expect(dropped).toEqual(['e0', 'e1', 'e2']);
    expect(buffer.headSeq()).toBe(3);
    expect(buffer.clear()).toEqual(['e3', 'e4', 'e5', 'e6', 'e7']);
  });

  it('holds exactly capacity when a full batch returns to a full buffer', () => {
    const { buffer, dropped } = filled(4, 4);
    const batch = buffer.take(4);
    for (let index = 4; index < 8; index++) buffer.push(`e${index}`);
    buffer.requeue(batch);
    expect(dropped).toEqual(['e0', 'e1', 'e2', 'e3']);
    expect(buffer.size).toBe(4);
    expect(buffer.headSeq()).toBe(4);
  });

  it('drops a whole batch when the buffer overflowed while it was out', () => {
    const { buffer, dropped } = filled(4, 4);
    const batch = buffer.take(2);
    for (let index = 4; index < 7; index++) buffer.push(`e${index}`);
    expect(dropped).toEqual(['e2']);
    expect(buffer.headSeq()).toBe(3);
    buffer.requeue(batch);
    expect(dropped).toEqual(['e2', 'e0', 'e1']);
    expect(buffer.clear()).toEqual(['e3', 'e4', 'e5', 'e6']);
  });

  it('works with a capacity of one', () => {
    const { buffer, dropped } = filled(1, 1);
    buffer.push('e1');
    expect(dropped).toEqual(['e0']);
    const batch = buffer.take(1);
    buffer.requeue(batch);
    expect(buffer.headSeq()).toBe(1);
    expect(buffer.clear()).toEqual(['e1']);
  });
});
