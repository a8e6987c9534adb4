#!/usr/bin/env node
// syntax.mjs [--root DIR] [--list] [FILE...]: syntax check of Dart files
// without a Dart SDK. Without FILEs it checks every .dart file under the
// repository root (or DIR), tracked by git or not, shown relative to it, less
// tool output: .dart_tool, build, node_modules, Flutter's generated
// ephemeral/.symlinks/Pods folders and .git. It needs no git: the files are
// found by walking the tree (symbolic links are not followed). --list prints
// those files, one a line, and checks nothing. Prints one
// `path:line:col: syntax error (...)` per error and exits 1 if there is any;
// any other failure is one line `dart syntax: ...` and exit 2.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// Tool output and other people's code: never source to check.
const skippedFolders = new Set(['.dart_tool', 'build', 'node_modules', '.git', 'ephemeral', '.symlinks', 'Pods']);

function dartFilesUnder(root) {
  const found = [];
  const walk = (relative) => {
    for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const shown = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!skippedFolders.has(entry.name)) walk(shown);
      } else if (entry.isFile() && entry.name.endsWith('.dart')) {
        found.push(shown);
      }
    }
  };
  walk('');
  return found.sort().map((file) => ({ shown: file, path: path.join(root, file) }));
}

function parseArguments(argv) {
  const options = { root: repoRoot, list: false, files: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--root') {
      if (i + 1 >= argv.length) throw new Error('--root needs a directory');
      options.root = path.resolve(argv[++i]);
    } else if (argv[i] === '--list') {
      options.list = true;
    } else {
      options.files.push(argv[i]);
    }
  }
  return options;
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  let files;
  try {
    files =
      options.files.length > 0
        ? options.files.map((file) => ({ shown: file, path: file }))
        : dartFilesUnder(options.root);
  } catch (error) {
    throw new Error(`cannot list the .dart files under ${options.root}: ${error.message}`);
  }
  if (options.list) {
    for (const file of files) console.log(file.shown);
    return 0;
  }
  if (files.length === 0) {
    console.log(`dart syntax: no .dart files under ${options.root}: nothing to check`);
    return 0;
  }
  let syntaxErrors;
  try {
    ({ syntaxErrors } = await import('./syntax_errors.mjs'));
  } catch (error) {
    throw new Error(`cannot load the Dart grammar (run \`npm ci\` in tool/dart_check): ${error.message}`);
  }
  let failedFiles = 0;
  for (const file of files) {
    let source;
    try {
      source = readFileSync(file.path, 'utf8');
    } catch (error) {
      throw new Error(`${file.shown}: cannot read: ${error.message}`);
    }
    const errors = await syntaxErrors(source);
    for (const { line, column, message } of errors) console.log(`${file.shown}:${line}:${column}: ${message}`);
    if (errors.length > 0) failedFiles++;
  }
  console.log(`dart syntax: ${files.length} files, ${failedFiles} with errors`);
  return failedFiles > 0 ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`dart syntax: ${String(error.message).split('\n')[0]}`);
  process.exitCode = 2;
}
