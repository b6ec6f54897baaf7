const INITIAL_SLOTS = 64;

/**
 * The bounded FIFO of events waiting to be sent: a ring buffer that grows up to `capacity` and
 * never past it.
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
  #items: Array<T | undefined>;
  #head = 0;
  #size = 0;
  #pushed = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.#items = new Array<T | undefined>(Math.min(capacity, INITIAL_SLOTS));
  }

  /** How many items are held. */
  get size(): number {
    return this.#size;
  }

  /** The sequence number the next item pushed gets: how many were ever pushed. */
  get nextSeq(): number {
    return this.#pushed;
  }

  /** The oldest item's sequence number, or `Infinity` when the buffer is empty. */
  headSeq(): number {
    return this.#size === 0 ? Number.POSITIVE_INFINITY : this.#pushed - this.#size;
  }

  /** Appends an item; when the buffer is full, drops and returns the oldest. */
  push(item: T): T | undefined {
    let dropped: T | undefined;
    if (this.#size === this.capacity) {
      dropped = this.#items[this.#head];
      this.#items[this.#head] = undefined;
      this.#head = (this.#head + 1) % this.#items.length;
      this.#size--;
    } else if (this.#size === this.#items.length) {
      this.#grow(this.#size + 1);
    }
    this.#items[(this.#head + this.#size) % this.#items.length] = item;
    this.#size++;
    this.#pushed++;
    return dropped;
  }

  /** Removes and returns up to `max` items from the head, oldest first. */
  take(max: number): T[] {
    const count = Math.min(max, this.#size);
    const items = new Array<T>(count);
    const slots = this.#items.length;
    for (let index = 0; index < count; index++) {
      const slot = (this.#head + index) % slots;
      items[index] = this.#items[slot] as T;
      this.#items[slot] = undefined;
    }
    this.#head = (this.#head + count) % slots;
    this.#size -= count;
    return items;
  }

  /**
   * Puts the last items taken back at the head, in order, ahead of everything pushed since.
   * When that would pass `capacity`, their oldest are dropped and returned.
   */
  requeue(items: readonly T[]): T[] {
    const excess = Math.max(0, this.#size + items.length - this.capacity);
    const keep = items.length - excess;
    if (this.#size + keep > this.#items.length) this.#grow(this.#size + keep);
    const slots = this.#items.length;
    for (let index = items.length - 1; index >= excess; index--) {
      this.#head = (this.#head - 1 + slots) % slots;
      this.#items[this.#head] = items[index];
    }
    this.#size += keep;
    return items.slice(0, excess);
  }

  /** Removes and returns every item, oldest first. */
  clear(): T[] {
    return this.take(this.#size);
  }

  #grow(needed: number): void {
    const slots = Math.min(this.capacity, Math.max(needed, this.#items.length * 2));
    const items = new Array<T | undefined>(slots);
    const old = this.#items.length;
    for (let index = 0; index < this.#size; index++) {
      items[index] = this.#items[(this.#head + index) % old];
    }
    this.#items = items;
    this.#head = 0;
  }
}
