// The linter must find what it is there to find: a clean workflow passes, and
// a wrong action input, an unknown context property, a bad runner label and a
// missing workflow folder each fail.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const lint = path.join(__dirname, "..", "lint.cjs");

function run(workflow) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "workflow_check."));
  try {
    if (workflow !== null) {
      fs.mkdirSync(path.join(root, ".github", "workflows"), { recursive: true });
      fs.writeFileSync(path.join(root, ".github", "workflows", "ci.yml"), workflow);
    }
    return spawnSync(process.execPath, [lint, root], { encoding: "utf8" });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

const clean = `on: push
permissions:
  contents: read
jobs:
  a:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
      - run: echo "\${{ runner.os }}"
`;

test("a clean workflow passes", () => {
  const result = run(clean);
  assert.strictEqual(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /1 workflow file\(s\), 0 finding\(s\)/);
});

test("an input the action does not have fails", () => {
  const result = run(clean.replace("persist-credentials", "persist-credential"));
  assert.strictEqual(result.status, 1);
  assert.match(result.stdout, /input "persist-credential" is not defined/);
});

test("an unknown context property fails", () => {
  const result = run(clean.replace("runner.os", "matrix.os"));
  assert.strictEqual(result.status, 1);
  assert.match(result.stdout, /property "os" is not defined/);
});

test("an unknown runner label fails", () => {
  const result = run(clean.replace("ubuntu-24.04", "ubuntu-24.40"));
  assert.strictEqual(result.status, 1);
  assert.match(result.stdout, /label "ubuntu-24.40" is unknown/);
});

test("no workflow folder fails", () => {
  const result = run(null);
  assert.strictEqual(result.status, 1);
  assert.match(result.stdout, /no workflow files/);
});
