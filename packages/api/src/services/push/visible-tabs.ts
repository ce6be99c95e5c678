/**
 * Which users have a Confab tab in view right now, held in memory: a tab in view keeps a
 * `push.whileVisible` subscription open on its socket, so a closed tab, a lost connection and
 * a hidden tab all end it without any message. Asking costs no query.
 */
export class VisibleTabs {
  private readonly tabs = new Map<string, number>();

  /** one more tab of `userId` in view; returns the function that ends it (idempotent) */
  show(userId: string): () => void {
    this.tabs.set(userId, (this.tabs.get(userId) ?? 0) + 1);
    let shown = true;
    return () => {
      if (!shown) return;
      shown = false;
      const left = (this.tabs.get(userId) ?? 1) - 1;
      if (left > 0) this.tabs.set(userId, left);
      else this.tabs.delete(userId);
    };
  }

  hasVisibleTab(userId: string): boolean {
    return this.tabs.has(userId);
  }
}
