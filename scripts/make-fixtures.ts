/**
 * Regenerates the questionnaire fixtures in test/fixtures/ (all data synthetic).
 *
 *   npx tsx scripts/make-fixtures.ts            # the committed fixtures
 *   npx tsx scripts/make-fixtures.ts --large /tmp/q20k.csv [--rows 20000] [--seed 1] [--gbk]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeCsv, makeBrokenCsvText, makeRows, toCsv, writeLargeQuestionnaireCsv, writeXlsx } from '../test/fixtures/generate.js';

export { writeLargeQuestionnaireCsv } from '../test/fixtures/generate.js';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const large = opt('--large');
  if (large) {
    const rows = Number(opt('--rows') ?? 20000);
    const seed = Number(opt('--seed') ?? 1);
    const { bytes } = await writeLargeQuestionnaireCsv(large, rows, seed, { encoding: args.includes('--gbk') ? 'gb18030' : 'utf8' });
    console.log(`wrote ${rows} rows, ${bytes} bytes → ${large}`);
    return;
  }

  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures');
  const rows = makeRows(30);
  const csv = toCsv(rows.map((g) => g.row));
  writeFileSync(path.join(dir, 'questionnaire-utf8.csv'), encodeCsv(csv, 'utf8-bom'));
  writeFileSync(path.join(dir, 'questionnaire-gbk.csv'), encodeCsv(csv, 'gb18030'));
  await writeXlsx(path.join(dir, 'questionnaire.xlsx'), rows);
  writeFileSync(path.join(dir, 'questionnaire-broken.csv'), encodeCsv(makeBrokenCsvText(), 'utf8-bom'));
  console.log(`fixtures written to ${path.relative(process.cwd(), dir)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
