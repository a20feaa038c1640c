// reports open: what to open for a record: its URL (http or https only), or, without one, its page in an
// exported site. Decides and returns; launching the browser is the command's business.
import { pathExists } from '../store/files.js';
import path from 'node:path';
import { ReportsError } from '../errors.js';
import { httpUrl } from '../model/url.js';
import { pageNames } from '../render/export/names.js';
import type { AppEnv } from './env.js';
import { findReport } from './refs.js';
import { openArchive } from './read.js';

export type OpenTarget = { kind: 'url'; url: string } | { kind: 'page'; path: string };

export interface OpenResult {
  id: string;
  target: OpenTarget;
}

export async function openTarget(env: AppEnv, input: { ref: string; site?: string }): Promise<OpenResult> {
  const archive = await openArchive(env);
  const report = await findReport(env, archive, input.ref, 'Which report to open?');
  const url = report.record.url;
  if (typeof url === 'string' && url.trim()) {
    // Only web addresses are opened (the one URL rule, model/url.ts). The loader refuses a record with any other
    // url already; this second guard keeps a file:, javascript: or app URL from ever reaching the opener.
    const href = httpUrl(url)?.href;
    if (!href) throw new ReportsError(`${report.id} has a url that is not an http or https address; nothing was opened (see: reports validate)`);
    return { id: report.id, target: { kind: 'url', url: href } };
  }
  if (input.site === undefined) {
    throw new ReportsError((w) => `${report.id} has no url; to open its page in an exported site, add ${w.field('site')} DIR (made by: ${w.again('export', ['html'], { out: 'DIR' })})`);
  }
  const site = path.resolve(env.cwd, input.site);
  // The export names pages from the whole archive (duplicates get -2, -3): name them the same way.
  const name = pageNames(archive.records).get(report);
  const page = name !== undefined ? path.join(site, 'reports', `${name}.html`) : undefined;
  if (!page || !pathExists(page)) {
    const where = input.site;
    throw new ReportsError((w) => `${report.id} has no url, and ${where} has no page for it (export the site again with: ${w.again('export', ['html'], { out: where })})`);
  }
  return { id: report.id, target: { kind: 'page', path: page } };
}
