/** Who is asking for a password check: the fair share and the priority are worked out from it. */
export interface HashRequester {
  address: string;
  /** the e-mail (or user id) whose password is checked */
  account: string;
  /**
   * lower goes first: 0 for an address that signed in to this account before, 1 for a clean
   * newcomer, 2 for one that failed recently (or a stranger to an account under attack)
   */
  rank: HashRank;
}

export type HashRank = 0 | 1 | 2;

export interface HashQueueOptions {
  /** hashes run at once */
  concurrency: number;
  /** checks waiting at most; past it the newcomer, or a queued check of a worse-placed requester, is refused */
  maxWaiting: number;
  /** checks one address may have waiting */
  maxWaitingPerAddress: number;
  /** checks one account may have waiting */
  maxWaitingPerAccount: number;
}

/** The queue is full for this requester: refuse with TOO_MANY_REQUESTS and this Retry-After. */
export class HashQueueFullError extends Error {
  override name = 'HashQueueFullError';
  constructor(readonly retryAfterSeconds: number) {
    super('the password-check queue is full');
  }
}

interface Waiting {
  who: HashRequester;
  start: () => void;
  refuse: (error: Error) => void;
}

/**
 * Runs password hashes `concurrency` at a time, with a bounded, fair waiting line: a lower rank
 * goes first (an address the account signed in from before, then clean newcomers, then those
 * that failed), and among equals the address served longest ago goes next (round robin), so
 * 250 addresses sending wrong passwords cannot stand between a person and their right one.
 * When the line (or the newcomer's address or account share of it) is full, the newcomer takes
 * the place of the last queued check of a worse rank; with none, it is refused at once.
 */
export class FairHashQueue {
  private active = 0;
  private readonly waiting: Waiting[] = [];
  private readonly lastServed = new Map<string, number>();
  private served = 0;

  constructor(private readonly options: HashQueueOptions) {}

  get waitingCount(): number {
    return this.waiting.length;
  }

  async run<T>(who: HashRequester, task: () => Promise<T>): Promise<T> {
    // A check started from the line was counted as active by startNext, so nobody can slip in between.
    if (this.active >= this.options.concurrency || this.waiting.length > 0) await this.enqueue(who);
    else this.begin(who);
    try {
      return await task();
    } finally {
      this.active--;
      this.startNext();
    }
  }

  private enqueue(who: HashRequester): Promise<void> {
    const { maxWaiting, maxWaitingPerAddress, maxWaitingPerAccount } = this.options;
    const sameAddress = (entry: Waiting) => entry.who.address === who.address;
    const sameAccount = (entry: Waiting) => entry.who.account === who.account;
    // The cap this newcomer hits, if any, and so whose place it could take.
    const crowd =
      this.waiting.filter(sameAddress).length >= maxWaitingPerAddress
        ? sameAddress
        : this.waiting.filter(sameAccount).length >= maxWaitingPerAccount
          ? sameAccount
          : this.waiting.length >= maxWaiting
            ? () => true
            : null;
    if (crowd) {
      const evictable = this.lastIndexWhere((entry) => entry.who.rank > who.rank && crowd(entry));
      if (evictable === -1) return Promise.reject(this.full());
      const [evicted] = this.waiting.splice(evictable, 1);
      evicted?.refuse(this.full());
    }
    return new Promise((start, refuse) => this.waiting.push({ who, start, refuse }));
  }

  private startNext(): void {
    if (this.waiting.length === 0) {
      if (this.active === 0 && this.lastServed.size > 10_000) this.lastServed.clear();
      return;
    }
    let best = 0;
    for (let i = 1; i < this.waiting.length; i++) if (this.isBefore(i, best)) best = i;
    const [next] = this.waiting.splice(best, 1);
    if (!next) return;
    this.begin(next.who);
    next.start();
  }

  private begin(who: HashRequester): void {
    this.active++;
    this.lastServed.set(who.address, ++this.served);
  }

  private isBefore(a: number, b: number): boolean {
    const first = this.waiting[a]?.who;
    const second = this.waiting[b]?.who;
    if (!first || !second) return false;
    if (first.rank !== second.rank) return first.rank < second.rank;
    return (this.lastServed.get(first.address) ?? 0) < (this.lastServed.get(second.address) ?? 0);
  }

  private lastIndexWhere(predicate: (entry: Waiting) => boolean): number {
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      const entry = this.waiting[i];
      if (entry && predicate(entry)) return i;
    }
    return -1;
  }

  /** About how long the line takes to drain, which is when trying again makes sense. */
  private full(): HashQueueFullError {
    return new HashQueueFullError(Math.max(1, Math.ceil((this.waiting.length * 0.05) / this.options.concurrency)));
  }
}
