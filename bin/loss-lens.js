#!/usr/bin/env node
// npm bin shim: the CLI is bundled by scripts/build.mjs into dist/cli.js.
require("../dist/cli.js");
