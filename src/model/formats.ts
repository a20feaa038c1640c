// The export formats: named here, apart from the exporters, so that the command line can list them cheaply.
export const FORMATS = ['html', 'json', 'csv', 'bibtex', 'atom', 'csl-json', 'ris', 'crossref', 'oai'] as const;
export type Format = (typeof FORMATS)[number];
