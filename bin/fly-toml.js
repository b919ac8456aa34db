#!/usr/bin/env node
"use strict";
require("../dist/launch.js")
  .launch(process.argv.slice(2))
  .then((code) => (process.exitCode = code));
