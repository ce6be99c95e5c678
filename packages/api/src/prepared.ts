import type { Db } from '@confab/db';

/**
 * Builds `make(db)` the first time a database asks for it and hands back the same thing after:
 * the hot queries are built and prepared once, not on every request.
 */
export function oncePerDb<T>(make: (db: Db) => T): (db: Db) => T {
  const built = new WeakMap<Db, T>();
  return (db) => {
    const cached = built.get(db);
    if (cached !== undefined) return cached;
    const made = make(db);
    built.set(db, made);
    return made;
  };
}
