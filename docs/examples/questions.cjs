// A CommonJS script: the archive read once, then several questions answered from it, and a list's result exported.
// Run (after installing the package): node questions.cjs [archive-folder]
const { createEnv, openArchive, listReports, showReport, validateArchive, exportCatalogue } = require('report-archive');

async function main() {
  const env = createEnv({ archive: process.argv[2] ?? 'archive' });
  const archive = await openArchive(env);
  console.log(`${archive.records.length} records read once`);

  const { reports } = await listReports(env, { archive, filters: { years: [2019] } });
  const { summary } = await validateArchive(env, { archive });
  console.log(`2019: ${reports.length} reports, ${summary.errors} errors`);

  const { report } = await showReport(env, { archive, ref: '2019-S11' });
  console.log(`${report.id}: ${report.record.title}`);

  const csv = await exportCatalogue(env, { archive, format: 'csv', records: reports.slice(0, 2) });
  console.log(`exported ${csv.reports} of them as csv: ${[...csv.text].join('').trimEnd().split('\n').length} lines`);
}

main().catch((e) => {
  console.error(`error: ${e.message}`);
  process.exitCode = e.exitCode ?? 1;
});
