// syntax_errors.mjs: parses Dart source with tree-sitter's Dart grammar and
// lists its syntax errors, less the grammar's known false positives below.
//
// The grammar is UserNobody14/tree-sitter-dart as built to wasm by
// @repomix/tree-sitter-wasms (README.md says why this one and what it gets
// wrong). It is loaded through web-tree-sitter: no native build at install.
import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';

const require = createRequire(import.meta.url);
const grammarPath = require.resolve('@repomix/tree-sitter-wasms/out/tree-sitter-dart.wasm');

let parser;

// loadParser(): the Dart parser, loaded once per process.
export async function loadParser() {
  if (!parser) {
    await Parser.init();
    parser = new Parser();
    parser.setLanguage(await Language.load(grammarPath));
  }
  return parser;
}

// Valid Dart that the grammar reports as an error. Each entry names the
// construct and recognises exactly the error node the grammar leaves for it;
// an error node that no entry claims is reported.
export const knownFalsePositives = [
  {
    // `library;` (an unnamed library directive, Dart 2.19). The grammar wants a
    // name and leaves `library <MISSING identifier> ;`. Every ffigen file with
    // `@ffi.DefaultAsset(...)` needs it, since an annotation must sit on a directive.
    name: 'unnamed library directive',
    matches: (node) =>
      node.isMissing &&
      node.type === 'identifier' &&
      node.parent?.type === 'dotted_identifier_list' &&
      node.parent.childCount === 1 &&
      node.parent.parent?.type === 'library_name' &&
      node.parent.previousSibling?.type === 'library' &&
      node.parent.nextSibling?.type === ';' &&
      !node.parent.nextSibling.isMissing,
  },
  {
    // A labelled statement (`outer: for (...) { ... continue outer; }`). The
    // grammar has no labels in blocks and leaves `ERROR(identifier ':')` before
    // the statement; `break label`/`continue label` themselves parse.
    name: 'statement label',
    matches: (node) =>
      node.isError &&
      node.childCount === 2 &&
      node.child(0).type === 'identifier' &&
      node.child(1).type === ':' &&
      node.parent?.type === 'block' &&
      node.nextSibling !== null &&
      !node.nextSibling.isError &&
      node.nextSibling.type !== '}',
  },
];

// errorNodes(root): every MISSING node, and every ERROR node not inside
// another (what an outer ERROR holds is part of the same error), in order.
function errorNodes(root) {
  const found = [];
  const cursor = root.walk();
  for (;;) {
    const node = cursor.currentNode;
    if (node.isMissing || node.isError) found.push(node);
    // Only subtrees with an error in them are worth entering.
    if (!node.isError && node.hasError && cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return found;
    }
  }
}

// describe(node, source): what the grammar found, in a few words. Error
// recovery may wrap a whole enclosing construct (an unclosed function body
// reaches the end of the file), so a span over several lines says where it ends.
function describe(node, source) {
  if (node.isMissing) return `missing ${node.type}`;
  const text = source.slice(node.startIndex, node.endIndex).split('\n')[0].trim();
  const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text);
  const end = node.endPosition.row > node.startPosition.row ? ` up to line ${node.endPosition.row + 1}` : '';
  return `unexpected ${shown}${end}`;
}

// syntaxErrors(source): [{line, column, message}] (1-based), empty when the
// source parses. Columns count UTF-16 code units, as editors do.
export async function syntaxErrors(source) {
  const tree = (await loadParser()).parse(source);
  try {
    if (!tree.rootNode.hasError) return [];
    return errorNodes(tree.rootNode)
      .filter((node) => !knownFalsePositives.some((known) => known.matches(node)))
      .map((node) => ({
        line: node.startPosition.row + 1,
        column: columnOf(source, node.startIndex),
        message: `syntax error (${describe(node, source)})`,
      }));
  } finally {
    tree.delete();
  }
}

// columnOf(source, index): 1-based column of a string index.
function columnOf(source, index) {
  return index - (source.lastIndexOf('\n', index - 1) + 1) + 1;
}
