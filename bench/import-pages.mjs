// Writes `n` report pages (text, and every fifth one as saved HTML) into `dir`, numbered so that they agree with
// each other and with the bundled archive's offsets: by default regular reports of 2020, offset 5744, Nos 1..n,
// dated through the year (from `startMonth`).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function writePages(dir, n, { start = 1, year = 2020, offset = 5744, startMonth = 1 } = {}) {
  mkdirSync(dir, { recursive: true });
  for (let i = start; i < start + n; i++) {
    // Dates rise with the number (several reports may share a day), so a higher Total is never dated earlier.
    const d = Math.floor(((i - start) * 28 * (13 - startMonth)) / (n + 1));
    const date = `${year}-${startMonth + Math.floor(d / 28)}-${1 + (d % 28)}`;
    const title = `Generated Page Number ${i} on Regional Development`;
    const abstract = `An invented abstract for generated page ${i}; it only fills the page for measuring.`;
    const by = `By Li Wei & Wang Fang, Research Department of Social Development, DRC`;
    const series = `Research Report, No.${i}, ${year} (Total ${offset + i}) ${date}`;
    const name = `page-${year}-${String(i).padStart(4, '0')}`;
    if (i % 5 === 0) {
      writeFileSync(
        path.join(dir, `${name}.html`),
        `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title><script>var x = 1;</script></head><body>` +
          `<nav><a href="/">Home</a> <a href="/r">Research</a></nav><div class="breadcrumb">You Are Here: Home &gt; Reports</div>` +
          `<div id="content"><h1>${title} (No.${i}, ${year})</h1><p>${by}</p><p>${series}</p><p>Abstract: ${abstract}</p>` +
          `<p>Key words: regional development, generated</p></div><footer>Copyright</footer></body></html>\n`,
      );
    } else {
      writeFileSync(
        path.join(dir, `${name}.txt`),
        `We have launched E-mail Alert service,subscribers can receive the latest catalogues free of charge\n\nYou Are Here: Home > Reports\n\n` +
          `${title} (No.${i}, ${year})\n\n${by}\n\n${series}\n\nAbstract: ${abstract}\n\nKey words: regional development, generated\n`,
      );
    }
  }
}
