/** Events taken from the buffer together, with the sequence numbers they were tracked under. */
export interface Batch<T> {
  readonly items: T[];
  readonly seqs: number[];
}

const INITIAL_SLOTS = 64;

/**
 * The bounded FIFO of events waiting to be sent: a ring buffer that grows up to `capacity` and
 * never past it. Each item carries a sequence number (its tracking order), which lets
 * `flush()` wait for exactly the events tracked before it. Items only leave from the head, and
 * a failed batch returns to the head, so sequence numbers always increase from head to tail.
 */
export class EventBuffer<T> {
  /** The most items held; pushing into a full buffer drops the oldest. */
  readonly capacity: number;
  #items: Array<T | undefined>;
  #seqs: number[];
  #head = 0;
  #size = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    const slots = Math.min(capacity, INITIAL_SLOTS);
    this.#items = new Array<T | undefined>(slots);
    this.#seqs = new Array<number>(slots).fill(0);
  }

  /** How many items are held. */
  get size(): number {
    return this.#size;
  }

  /** The oldest item's sequence number, or `Infinity` when the buffer is empty. */
  headSeq(): number {
    return this.#size === 0 ? Number.POSITIVE_INFINITY : (this.#seqs[this.#head] as number);
  }

  /** Appends an item; when the buffer is full, drops and returns the oldest. */
  push(item: T, seq: number): T | undefined {
    let dropped: T | undefined;
    if (this.#size === this.capacity) {
      dropped = this.#items[this.#head];
      this.#items[this.#head] = undefined;
      this.#head = (this.#head + 1) % this.#items.length;
      this.#size--;
    } else if (this.#size === this.#items.length) {
      this.#grow(this.#size + 1);
    }
    const slot = (this.#head + this.#size) % this.#items.length;
    this.#items[slot] = item;
    this.#seqs[slot] = seq;
    this.#size++;
    return dropped;
  }

  /** Removes and returns up to `max` items from the head, oldest first. */
  take(max: number): Batch<T> {
    const count = Math.min(max, this.#size);
    const items = new Array<T>(count);
    const seqs = new Array<number>(count);
    const slots = this.#items.length;
    for (let index = 0; index < count; index++) {
      const slot = (this.#head + index) % slots;
      items[index] = this.#items[slot] as T;
      seqs[index] = this.#seqs[slot] as number;
      this.#items[slot] = undefined;
    }
    this.#head = (this.#head + count) % slots;
    this.#size -= count;
    return { items, seqs };
  }

  /**
   * Puts a batch back at the head, in order, ahead of everything tracked since it was taken.
   * When that would pass `capacity`, the batch's oldest items are dropped and returned.
   */
  requeue(batch: Batch<T>): T[] {
    const excess = Math.max(0, this.#size + batch.items.length - this.capacity);
    const dropped = batch.items.slice(0, excess);
    const keep = batch.items.length - excess;
    if (this.#size + keep > this.#items.length) this.#grow(this.#size + keep);
    const slots = this.#items.length;
    for (let index = batch.items.length - 1; index >= excess; index--) {
      this.#head = (this.#head - 1 + slots) % slots;
      this.#items[this.#head] = batch.items[index];
      this.#seqs[this.#head] = batch.seqs[index] as number;
    }
    this.#size += keep;
    return dropped;
  }

  /** Removes and returns every item, oldest first. */
  clear(): T[] {
    return this.take(this.#size).items;
  }

  #grow(needed: number): void {
    const slots = Math.min(this.capacity, Math.max(needed, this.#items.length * 2));
    const items = new Array<T | undefined>(slots);
    const seqs = new Array<number>(slots).fill(0);
    const old = this.#items.length;
    for (let index = 0; index < this.#size; index++) {
      const slot = (this.#head + index) % old;
      items[index] = this.#items[slot];
      seqs[index] = this.#seqs[slot] as number;
    }
    this.#items = items;
    this.#seqs = seqs;
    this.#head = 0;
  }
}
