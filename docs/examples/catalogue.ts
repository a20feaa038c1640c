// A script using reports as a library: check the archive, list a year, export JSON.
// Run (after `npm install report-archive`, compiled with tsc): node catalogue.js [archive-folder]
import { createEnv, exportCatalogue, listReports, validateArchive, ReportsError } from 'report-archive';

const env = createEnv({ archive: process.argv[2] ?? 'archive' });

try {
  const checked = await validateArchive(env);
  console.log(`${checked.summary.records} records: ${checked.summary.errors} errors, ${checked.summary.warnings} warnings`);

  const { reports } = await listReports(env, { filters: { years: [2019] }, sort: 'total' });
  for (const r of reports) console.log(`${r.id}  Total ${r.record.total ?? '-'}  ${r.record.title}`);

  const exported = await exportCatalogue(env, { format: 'json', generated: new Date('2020-01-01T00:00:00Z') });
  const json = JSON.parse([...exported.text!].join('')) as { count: number };
  console.log(`export json: ${json.count} reports`);
} catch (e) {
  if (e instanceof ReportsError) {
    console.error(`error: ${e.message}`);
    process.exitCode = e.exitCode;
  } else throw e;
}
