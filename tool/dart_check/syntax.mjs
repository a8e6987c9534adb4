#!/usr/bin/env node
// syntax.mjs [FILE...]: syntax check of Dart files without a Dart SDK.
// Without arguments it checks every .dart file git tracks in the repository
// (shown relative to its root), less build output. Prints one
// `path:line:col: syntax error (...)` per error and exits 1 if there is any,
// 2 if a file cannot be read.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntaxErrors } from './syntax_errors.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// Tool output that may be committed by mistake: never source to check.
const buildOutput = /(^|\/)(\.dart_tool|build|node_modules)\//;

function trackedDartFiles() {
  const out = execFileSync('git', ['-C', repoRoot, 'ls-files', '-z', '--', '*.dart'], { encoding: 'utf8' });
  return out
    .split('\0')
    .filter((file) => file && !buildOutput.test(file))
    .map((file) => ({ shown: file, path: path.join(repoRoot, file) }));
}

const given = process.argv.slice(2);
const files = given.length > 0 ? given.map((file) => ({ shown: file, path: file })) : trackedDartFiles();
if (files.length === 0) {
  console.log('dart syntax: no .dart files tracked: nothing to check');
  process.exit(0);
}

let failedFiles = 0;
for (const file of files) {
  let source;
  try {
    source = readFileSync(file.path, 'utf8');
  } catch (error) {
    console.error(`${file.shown}: cannot read: ${error.message}`);
    process.exit(2);
  }
  const errors = await syntaxErrors(source);
  for (const { line, column, message } of errors) console.log(`${file.shown}:${line}:${column}: ${message}`);
  if (errors.length > 0) failedFiles++;
}
console.log(`dart syntax: ${files.length} files, ${failedFiles} with errors`);
process.exit(failedFiles > 0 ? 1 : 0);
