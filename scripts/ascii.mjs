// Makes the command line's bundle ASCII (see scripts/build.mjs): esbuild escapes strings but leaves regular
// expressions and comments as written. A \uXXXX escape means the same character in a regular expression (with the
// u flag or not, in a class or not), a string and a name, and a comment does not care. In a template it does not:
// String.raw and tagged templates see the escape itself. So a template holding a character outside ASCII stops
// the build instead (esbuild writes one for a template literal with such a character).
import ts from 'typescript';

/** `code` with every character outside ASCII written as \uXXXX; throws where that would change the program. */
export function asciiOnly(code, file = 'the bundle') {
  if (!/[^\x00-\x7f]/.test(code)) return code;
  const sf = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const visit = (node) => {
    // The template's own text only, not its substitutions (which may hold a regular expression).
    if (ts.isTemplateLiteralToken(node)) {
      const text = code.slice(node.getStart(sf), node.end);
      if (/[^\x00-\x7f]/.test(text)) {
        const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
        throw new Error(`${file}:${line + 1}: a template holds a character outside ASCII (escape it in the source if the template is not tagged)`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  // A character already escaped (`\年`, the same as `年` there) loses that backslash.
  return code.replace(/(\\*)([^\x00-\x7f])/gu, (_, slashes, c) => {
    if (c.length > 1) throw new Error(`${file}: cannot escape ${JSON.stringify(c)} (outside the BMP) the same way everywhere`);
    return `${slashes.slice(slashes.length % 2)}\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
