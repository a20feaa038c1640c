// XML Schema validation for the tests, with libxml2 (libxml2-wasm): the schemas in test/fixtures/schemas/ (their
// origin in its README), includes and imports read from disk, nothing from the network.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ParseOption, XmlDocument, XmlValidateError, XsdValidator } from 'libxml2-wasm';
import { xmlRegisterFsInputProviders } from 'libxml2-wasm/lib/nodejs.mjs';

export const SCHEMAS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'schemas');
xmlRegisterFsInputProviders();

const validators = new Map<string, XsdValidator>();

/** The validator of a schema file under test/fixtures/schemas/, compiled once. */
function validator(schema: string): XsdValidator {
  let v = validators.get(schema);
  if (!v) {
    const file = path.join(SCHEMAS, schema);
    const doc = XmlDocument.fromBuffer(fs.readFileSync(file), { url: file, option: ParseOption.XML_PARSE_NONET });
    v = XsdValidator.fromDoc(doc);
    doc.dispose();
    validators.set(schema, v);
  }
  return v;
}

/** The schema errors of a document ([] when it is valid); a document that is not well-formed throws. */
export function schemaErrors(xml: string, schema: string): string[] {
  const doc = XmlDocument.fromString(xml, { option: ParseOption.XML_PARSE_NONET });
  try {
    validator(schema).validate(doc);
    return [];
  } catch (e) {
    if (e instanceof XmlValidateError) return e.details.map((d) => `${d.line}:${d.col ?? ''} ${d.message.trim()}`);
    throw e;
  } finally {
    doc.dispose();
  }
}

export const CROSSREF_XSD = 'crossref-5.3.1/crossref5.3.1.xsd';
export const OAI_PMH_DC_XSD = 'oai/oai-pmh-with-dc.xsd';
export const OAI_DC_XSD = 'oai/oai_dc.xsd';
