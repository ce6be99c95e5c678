import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const srcDir = new URL('../src/', import.meta.url);

/** Module specifiers a source file loads at run time (type-only imports and exports are erased). */
function runtimeImports(source: string): string[] {
  const statements = source.match(/^(?:import|export)\s+(?!type\b)[^;]*?\bfrom\s+'[^']+'/gm) ?? [];
  const bare = source.match(/^import\s+'[^']+'/gm) ?? [];
  return [...statements, ...bare].map((statement) => /'([^']+)'$/.exec(statement)?.[1] ?? '');
}

it('the SDK loads nothing Node-only at the top level, so it bundles for browsers (ws has a browser stub)', () => {
  const offenders: string[] = [];
  for (const file of readdirSync(srcDir).filter((name) => name.endsWith('.ts'))) {
    for (const specifier of runtimeImports(readFileSync(new URL(file, srcDir), 'utf8'))) {
      // @trpc/server/observable is the plain-JS observable @trpc/client's own links are built on.
      const fromTrpc = specifier === '@trpc/client' || specifier === '@trpc/server/observable';
      const allowed = specifier.startsWith('./') || fromTrpc || (specifier === 'ws' && file === 'index.ts');
      if (!allowed) offenders.push(`${file}: ${specifier}`);
    }
  }
  expect(offenders).toEqual([]);
});

it('the check itself sees value imports and ignores type-only ones', () => {
  expect(
    runtimeImports("import { a } from 'node:fs';\nimport type { B } from 'node:http';\nexport { c } from './c.js';\nexport type { D } from 'x';"),
  ).toEqual(['node:fs', './c.js']);
});
