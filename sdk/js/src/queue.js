/**
 * A bounded first-in, first-out queue worked by one sender at a time.
 *
 * One at a time on purpose: while the server is down or rate-limiting, a single report backs off
 * and the rest wait behind it instead of hammering the server in parallel, and when it returns
 * they arrive in the order they happened. The bound keeps a long outage from growing memory
 * without limit; when it is reached the oldest waiting job goes, because after an outage the
 * latest errors and heartbeats say more about the program's state than the first ones.
 *
 * @template Job
 */
export class DeliveryQueue {
  /** @type {{job: Job, settle: (delivered: boolean) => void}[]} waiting and in flight (first) */
  #entries = [];
  #working = false;
  /** @type {Set<() => void>} */
  #idleWaiters = new Set();
  #capacity;
  #send;
  #onDrop;

  /**
   * @param {number} capacity most jobs held at once, the one being sent included
   * @param {(job: Job) => Promise<boolean>} send resolves whether it worked
   * @param {(job: Job) => void} onDrop told about each job dropped to make room
   */
  constructor(capacity, send, onDrop) {
    this.#capacity = capacity;
    this.#send = send;
    this.#onDrop = onDrop;
  }

  /** Jobs waiting or being sent. */
  get size() {
    return this.#entries.length;
  }

  /**
   * Queue `job`, dropping the oldest waiting job if the queue is full. Resolves, never rejects,
   * once the job was sent (true), given up on or dropped (false). Undefined, with `job` not
   * queued, only when the queue is full and nothing is waiting (capacity 1).
   *
   * @param {Job} job
   * @returns {Promise<boolean> | undefined}
   */
  push(job) {
    if (this.#entries.length >= this.#capacity && !this.#dropOldestWaiting()) return undefined;
    const settled = new Promise((settle) => this.#entries.push({ job, settle }));
    void this.#work();
    return settled;
  }

  /**
   * Resolves true once the queue is empty, or false if it is still busy after `timeoutMs`.
   *
   * @param {number} timeoutMs
   * @returns {Promise<boolean>}
   */
  whenIdle(timeoutMs) {
    if (this.#entries.length === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const onIdle = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.#idleWaiters.delete(onIdle);
        resolve(false);
      }, timeoutMs);
      this.#idleWaiters.add(onIdle);
    });
  }

  /** The first entry is being sent: the oldest waiting one is the second. */
  #dropOldestWaiting() {
    if (this.#entries.length < 2) return false;
    const [dropped] = this.#entries.splice(1, 1);
    dropped.settle(false);
    this.#onDrop(dropped.job);
    return true;
  }

  async #work() {
    if (this.#working) return;
    this.#working = true;
    while (this.#entries.length > 0) {
      const { job, settle } = this.#entries[0];
      settle(await this.#sendSafely(job));
      this.#entries.shift();
    }
    this.#working = false;
    for (const onIdle of this.#idleWaiters) onIdle();
    this.#idleWaiters.clear();
  }

  /** A throwing sender must not stall the queue or surface as an unhandled rejection. */
  async #sendSafely(/** @type {Job} */ job) {
    try {
      return await this.#send(job);
    } catch {
      return false;
    }
  }
}
