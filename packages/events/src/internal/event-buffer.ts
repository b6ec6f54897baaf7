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
   * The items held are those from `#head` on. The slots before it were taken and emptied; they
   * are cut off once they are as many as the items held, so taking costs no more than pushing.
   */
  #items: Array<T | undefined> = [];
  #head = 0;
  #pushed = 0;

  /** `onDrop` receives the items dropped to stay within `capacity`, oldest first. */
  constructor(capacity: number, onDrop: (items: T[]) => void) {
    this.capacity = capacity;
    this.#onDrop = onDrop;
  }

  /** How many items are held. */
  get size(): number {
    return this.#items.length - this.#head;
  }

  /** The sequence number the next item pushed gets: how many were ever pushed. */
  get nextSeq(): number {
    return this.#pushed;
  }

  /** The oldest item's sequence number, or `Infinity` when the buffer is empty. */
  headSeq(): number {
    return this.size === 0 ? Number.POSITIVE_INFINITY : this.#pushed - this.size;
  }

  /** Appends an item; when the buffer is full, drops the oldest. */
  push(item: T): void {
    this.#items.push(item);
    this.#pushed++;
    if (this.size > this.capacity) this.#onDrop(this.take(1));
  }

  /** Removes and returns up to `max` items from the head, oldest first. */
  take(max: number): T[] {
    const head = this.#head;
    const items = this.#items.slice(head, head + max) as T[];
    this.#head += items.length;
    if (this.#head >= this.size) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    } else {
      this.#items.fill(undefined, head, this.#head);
    }
    return items;
  }

  /**
   * Puts the last items taken back at the head, in order, ahead of everything pushed since.
   * When that would pass `capacity`, their oldest are dropped.
   */
  requeue(items: readonly T[]): void {
    const excess = Math.max(0, this.size + items.length - this.capacity);
    this.#items = [...items.slice(excess), ...this.#items.slice(this.#head)];
    this.#head = 0;
    if (excess > 0) this.#onDrop(items.slice(0, excess));
  }

  /** Removes and returns every item, oldest first. */
  clear(): T[] {
    return this.take(this.size);
  }
}
