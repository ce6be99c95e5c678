import { appendFilter, hasFilter, today, toggleFilter } from './query-edit.js';

/** Filter chips that write into the query: what the box understands, one click away. */
export function Chips({ query, onQueryChange }: { query: string; onQueryChange: (query: string) => void }) {
  const chip = (label: string, pressed: boolean, next: () => string) => (
    <button
      key={label}
      className="search-chip"
      aria-pressed={pressed}
      onMouseDown={(event) => event.preventDefault()}
      onClick={() => onQueryChange(next())}
    >
      {label}
    </button>
  );
  return (
    <div className="search-chips" role="group" aria-label="Filters">
      {chip('in:', hasFilter(query, 'in'), () => appendFilter(query, 'in:#'))}
      {chip('from:', hasFilter(query, 'from'), () => appendFilter(query, 'from:@'))}
      {chip('has:file', hasFilter(query, 'has', 'file'), () => toggleFilter(query, 'has', 'file'))}
      {chip('has:image', hasFilter(query, 'has', 'image'), () => toggleFilter(query, 'has', 'image'))}
      {chip('before:', hasFilter(query, 'before'), () => appendFilter(query, `before:${today()}`))}
      {chip('after:', hasFilter(query, 'after'), () => appendFilter(query, `after:${today()}`))}
    </div>
  );
}
