/**
 * The bounded FIFO of events waiting to be sent: it never holds more than `capacity`, and
 * pushing into a full buffer drops the oldest.
 *
 * Each item has a sequence number, its tracking order, which lets `flush()` wait for exactly
 * the events tracked before it. The numbers are not stored: items only leave from the head, and
 * a batch taken from the head comes back to the head (before anything else could leave: the
 * sender has one batch out at a time), so the buffer always holds the newest items pushed, in
 * order, and the head's number is `nextSeq - size`. A batch that no longer fits comes back
 * only in part, its oldest items dropped; when any of it fits, nothing was dropped while it was
 * out, since only a full buffer drops and only taking shrinks one.
 */
export class EventBuffer<T> {
  /** The most items held; pushing into a full buffer drops the oldest. */
  readonly capacity: number;
  readonly #onDrop: (items: T[]) => void;
  /**
   * The items held are the slots from `#head` to `#tail`; the slots before `#head` were taken
   * and emptied. The array is kept between flushes, so it is not grown again after each, and
   * holds at most twice `capacity` slots.
   */
  #items: Array<T | undefined> = [];
  #head = 0;
  #tail = 0;
  #pushed = 0;

  /** `onDrop` receives the items dropped to stay within `capacity`, oldest first. */
  constructor(capacity: number, onDrop: (items: T[]) => void) {
    this.capacity = capacity;
    this.#onDrop = onDrop;
  }

  /** How many items are held. */
  get size(): number {
    return this.#tail - this.#head;
  }

  /** The sequence number the next item pushed gets: how many were ever pushed. */
  get nextSeq(): number {
    return this.#pushed;
  }

  /** The oldest item's sequence number; when the buffer is empty, the next item's. */
  headSeq(): number {
    return this.#pushed - this.size;
  }

  /** Appends an item; when the buffer is full, drops the oldest. */
  push(item: T): void {
    if (this.#head >= this.capacity) {
      // As many slots at the front were taken as the buffer holds: cut them off.
      this.#items.splice(0, this.#head);
      this.#tail -= this.#head;
      this.#head = 0;
    }
    this.#items[this.#tail++] = item;
    this.#pushed++;
    if (this.size > this.capacity) {
      const oldest = this.#items[this.#head] as T;
      this.#items[this.#head++] = undefined;
      this.#onDrop([oldest]);
    }
  }

  /** Removes and returns up to `max` items from the head, oldest first. */
  take(max: number): T[] {
    const head = this.#head;
    const end = Math.min(this.#tail, head + max);
    const items = this.#items.slice(head, end) as T[];
    this.#items.fill(undefined, head, end);
    this.#head = end;
    if (end === this.#tail) {
      // All taken: pushing starts again at the front of the same array.
      this.#head = 0;
      this.#tail = 0;
    }
    return items;
  }

  /**
   * Puts the last items taken back at the head, in order, ahead of everything pushed since.
   * When that would pass `capacity`, their oldest are dropped.
   */
  requeue(items: readonly T[]): void {
    const excess = Math.max(0, this.size + items.length - this.capacity);
    this.#items = [...items.slice(excess), ...this.#items.slice(this.#head, this.#tail)];
    this.#head = 0;
    this.#tail = this.#items.length;
    if (excess > 0) this.#onDrop(items.slice(0, excess));
  }

  /** Removes and returns every item, oldest first. */
  clear(): T[] {
    return this.take(this.size);
  }
}
