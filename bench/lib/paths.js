'use strict';
const path = require('node:path');

const BENCH = path.join(__dirname, '..');
const ROOT = path.join(BENCH, '..');

/** The library compiled into bench/.dist by bench/run.js (not dist/, which others rebuild). */
const DIST = path.join(BENCH, '.dist');
const library = () => require(path.join(DIST, 'lib'));

module.exports = { BENCH, ROOT, DIST, library };
