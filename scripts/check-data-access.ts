/**
 * Lint step: only repositories touch mongoose models.
 *
 * Under src/, a mongoose model (an identifier `SomethingModel` made by `defineModel`) may be defined in a
 * `model.ts`/`models.ts` file and used only in the `repository.ts` files or `repositories/` folders of the same
 * area (first folder under src/). Any other use of a model is reported, with file and line.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const srcDir = join(root, 'src');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const isRepository = (rel: string) => /(^|\/)repository\.ts$/.test(rel) || /(^|\/)repositories\//.test(rel);
const isModelFile = (rel: string) => /(^|\/)models?\.ts$/.test(rel);

const files = walk(srcDir);
// Every model defined with defineModel under src/, and the area (first folder under src/) that owns it.
const modelArea = new Map<string, string>();
const areaOf = (rel: string) => rel.split('/')[1] ?? '';
for (const file of files) {
  for (const m of readFileSync(file, 'utf8').matchAll(/export const (\w+Model)\s*=\s*defineModel\b/g)) {
    modelArea.set(m[1]!, areaOf(relative(root, file)));
  }
}
const modelNames = new Set(modelArea.keys());

const problems: string[] = [];
for (const file of files) {
  const rel = relative(root, file);
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    for (const m of line.matchAll(/\b(\w+Model)\b/g)) {
      const name = m[1]!;
      if (!modelNames.has(name)) continue;
      // A repository may use the models of its own area only: another area's data goes through that area's repository.
      if (isRepository(rel)) {
        if (modelArea.get(name) !== areaOf(rel))
          problems.push(`${rel}:${i + 1}: ${name} belongs to src/${modelArea.get(name)}/ (use its repository)`);
        continue;
      }
      // A model file may define its model (and nothing else may use it).
      if (isModelFile(rel) && /export const \w+Model\s*=\s*defineModel\b/.test(line)) continue;
      problems.push(`${rel}:${i + 1}: ${name} used outside a repository`);
    }
  });
}

if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`\n${problems.length} use(s) of a mongoose model outside repository.ts / repositories/ (see ARCHITECTURE.md)`);
  process.exit(1);
}
console.log(`data access: ${modelNames.size} models, used only in repositories`);
