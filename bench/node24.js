'use strict';
// A Node 24 binary for the HTTP part, installed on demand into bench/.node24 (git-ignored).
const path = require('node:path');
const { nodeBinary } = require('../.ci/node-binary');

/** The path of a working Node 24 binary, or undefined (with the reason logged). */
function node24(log) {
  const node = nodeBinary(24, path.join(__dirname, '.node24'), log);
  if (!node) log('node24: the Node 24 tables are skipped');
  return node;
}

module.exports = { node24 };
