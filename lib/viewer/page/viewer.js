// The trace viewer's page: plain browser JavaScript, no build step, no request but to its own
// API. Every value from a span (names, attributes, messages, stacks) is untrusted: it reaches
// the page only as text nodes (textContent), never as HTML.
(function () {
  'use strict';

  var base = document.querySelector('meta[name="viewer-path"]').getAttribute('content');
  var POLL_MS = 2000;
  var state = { traces: [], trace: null, traceId: null, selected: null, expanded: {}, timer: null };

  function $(id) { return document.getElementById(id); }

  /** An element with text children only: strings become text nodes. */
  function el(tag, className, children) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function getJson(path) {
    return fetch(base + path, { headers: { accept: 'application/json' } }).then(function (response) {
      if (response.status === 404) return null;
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return response.json();
    });
  }

  function formatMs(ms) {
    if (ms < 1) return ms.toFixed(2) + ' ms';
    if (ms < 1000) return ms.toFixed(1) + ' ms';
    return (ms / 1000).toFixed(2) + ' s';
  }

  function ago(epochMs) {
    var seconds = Math.max(0, Math.round((Date.now() - epochMs) / 1000));
    if (seconds < 60) return seconds + ' s ago';
    if (seconds < 3600) return Math.floor(seconds / 60) + ' min ago';
    return new Date(epochMs).toLocaleTimeString();
  }

  function setStatus(text) { $('status').textContent = text; }

  // ---- the list of traces ----

  function matchesFilter(trace) {
    var text = $('filter').value.trim().toLowerCase();
    if ($('errors-only').checked && trace.errorCount === 0) return false;
    return !text || trace.name.toLowerCase().indexOf(text) !== -1 || trace.service.toLowerCase().indexOf(text) !== -1;
  }

  function renderList() {
    var body = $('trace-list').querySelector('tbody');
    var shown = state.traces.filter(matchesFilter);
    body.replaceChildren.apply(body, shown.map(function (trace) {
      var name = el('td', 'name', [trace.name]);
      if (trace.errorCount > 0) name.appendChild(el('span', 'error-mark', ['● ' + trace.errorCount + (trace.errorCount === 1 ? ' error' : ' errors')]));
      var when = el('td', null, [ago(trace.startedAt)]);
      when.title = new Date(trace.startedAt).toISOString();
      var row = el('tr', trace.errorCount > 0 ? 'has-error' : null, [
        name,
        el('td', null, [trace.service]),
        el('td', 'num', [formatMs(trace.durationMs)]),
        el('td', 'num', [String(trace.spanCount) + (trace.droppedSpans ? ' (+' + trace.droppedSpans + ' dropped)' : '')]),
        when,
      ]);
      row.dataset.traceId = trace.traceId;
      row.addEventListener('click', function () { location.hash = '#/trace/' + trace.traceId; });
      return row;
    }));
    $('list-empty').hidden = state.traces.length > 0;
    $('list-count').textContent = shown.length + ' of ' + state.traces.length + ' traces';
  }

  function refreshList() {
    return getJson('/api/traces').then(function (data) {
      state.traces = data ? data.traces : [];
      renderList();
      setStatus('updated ' + new Date().toLocaleTimeString());
    }, function (error) { setStatus('cannot reach the app: ' + error.message); });
  }

  // ---- one trace ----

  /** Spans as a tree by parent; a span whose parent is not in the trace is a root. */
  function buildTree(spans) {
    var nodes = {};
    spans.forEach(function (span) { nodes[span.spanId] = { span: span, children: [] }; });
    var roots = [];
    spans.forEach(function (span) {
      var parent = span.parentSpanId && nodes[span.parentSpanId];
      (parent ? parent.children : roots).push(nodes[span.spanId]);
    });
    return roots;
  }

  /** Siblings with the same name (and service) become one group: a row with a count. */
  function groupSiblings(children) {
    var groups = [];
    var byKey = {};
    children.forEach(function (node) {
      var key = node.span.name + '\u0000' + node.span.service;
      if (byKey[key]) byKey[key].nodes.push(node);
      else groups.push((byKey[key] = { key: key, nodes: [node] }));
    });
    return groups;
  }

  function groupFacts(nodes) {
    var start = Infinity, end = -Infinity, self = 0, total = 0, errors = 0;
    nodes.forEach(function (node) {
      var span = node.span;
      start = Math.min(start, span.startMs);
      end = Math.max(end, span.startMs + span.durationMs);
      self += span.selfTimeMs;
      total += span.durationMs;
      if (span.status === 'ERROR') errors += 1;
    });
    return { start: start, end: end, self: self, total: total, errors: errors };
  }

  /** Rows of the waterfall, depth first: a span, or a folded group of repeated siblings. */
  function flatten(nodes, depth, parentKey, rows) {
    groupSiblings(nodes).forEach(function (group) {
      if (group.nodes.length === 1) {
        var node = group.nodes[0];
        rows.push({ type: 'span', span: node.span, depth: depth });
        flatten(node.children, depth + 1, node.span.spanId, rows);
        return;
      }
      var key = parentKey + '\u0000' + group.key;
      var expanded = !!state.expanded[key];
      rows.push({ type: 'group', key: key, nodes: group.nodes, depth: depth, expanded: expanded });
      if (expanded) {
        group.nodes.forEach(function (node) {
          rows.push({ type: 'span', span: node.span, depth: depth + 1 });
          flatten(node.children, depth + 2, node.span.spanId, rows);
        });
      }
    });
    return rows;
  }

  function bar(className, startMs, durationMs, total) {
    var node = el('div', 'bar ' + className);
    node.style.left = (total > 0 ? (startMs / total) * 100 : 0) + '%';
    node.style.width = (total > 0 ? (durationMs / total) * 100 : 100) + '%';
    return node;
  }

  function axisRow(total) {
    var timeline = el('div', 'timeline');
    [0, 0.25, 0.5, 0.75].forEach(function (at) {
      var tick = el('span', 'tick', [formatMs(total * at)]);
      tick.style.left = at * 100 + '%';
      timeline.appendChild(tick);
    });
    return el('div', 'row axis', [el('div', null, ['Span']), el('div', null, ['Kind']), el('div', null, ['Service']), el('div', 'time', ['Duration']), el('div', 'time', ['Self']), timeline]);
  }

  function spanRow(row, total) {
    var span = row.span;
    var failed = span.status === 'ERROR';
    var label = el('div', 'label', [el('span', 'toggle'), failed ? el('span', 'error-label', ['ERROR']) : null, el('span', 'span-name', [span.name])]);
    label.style.paddingLeft = 6 + row.depth * 14 + 'px';
    label.title = span.name;
    var node = el('div', 'row span-row' + (failed ? ' error' : '') + (state.selected === span.spanId ? ' selected' : ''), [
      label,
      el('div', 'kind', [el('span', 'badge kind', [span.kind])]),
      el('div', 'service', [el('span', 'badge service', [span.service])]),
      el('div', 'time duration', [formatMs(span.durationMs)]),
      el('div', 'time self', [formatMs(span.selfTimeMs)]),
      el('div', 'timeline', [bar('kind-' + span.kind, span.startMs, span.durationMs, total)]),
    ]);
    node.dataset.spanId = span.spanId;
    node.dataset.depth = String(row.depth);
    node.addEventListener('click', function () { selectSpan(span.spanId); });
    return node;
  }

  function groupRow(row, total) {
    var first = row.nodes[0].span;
    var facts = groupFacts(row.nodes);
    var label = el('div', 'label', [
      el('span', 'toggle', [row.expanded ? '▾' : '▸']),
      facts.errors > 0 ? el('span', 'error-label', ['ERROR ×' + facts.errors]) : null,
      el('span', 'span-name', [first.name]),
      el('span', 'count', ['×' + row.nodes.length]),
    ]);
    label.style.paddingLeft = 6 + row.depth * 14 + 'px';
    label.title = first.name + ' ×' + row.nodes.length + ' (click to ' + (row.expanded ? 'fold' : 'unfold') + ')';
    var node = el('div', 'row group-row' + (facts.errors > 0 ? ' error' : ''), [
      label,
      el('div', 'kind', [el('span', 'badge kind', [first.kind])]),
      el('div', 'service', [el('span', 'badge service', [first.service])]),
      el('div', 'time duration', [formatMs(facts.total)]),
      el('div', 'time self', [formatMs(facts.self)]),
      el('div', 'timeline', [bar('folded kind-' + first.kind, facts.start, facts.end - facts.start, total)]),
    ]);
    node.dataset.count = String(row.nodes.length);
    node.dataset.depth = String(row.depth);
    node.addEventListener('click', function () {
      state.expanded[row.key] = !row.expanded;
      renderTrace();
    });
    return node;
  }

  function exceptionOf(span) {
    for (var i = 0; i < span.events.length; i++) if (span.events[i].name === 'exception') return span.events[i].attributes;
    return null;
  }

  function firstError(trace) {
    var failed = trace.spans.filter(function (span) { return span.status === 'ERROR'; });
    // The deepest cause first: the failed span that started last among those holding an exception.
    var withException = failed.filter(exceptionOf);
    var pool = withException.length ? withException : failed;
    return pool.length ? pool.reduce(function (a, b) { return b.startMs > a.startMs ? b : a; }) : null;
  }

  function errorText(span) {
    var exception = exceptionOf(span);
    if (exception) return [exception['exception.type'], exception['exception.message']].filter(Boolean).join(': ');
    return span.statusMessage || 'status ERROR';
  }

  function renderTrace() {
    var trace = state.trace;
    var rows = flatten(buildTree(trace.spans), 0, '', []);
    var waterfall = $('waterfall');
    waterfall.replaceChildren(axisRow(trace.durationMs));
    rows.forEach(function (row) {
      waterfall.appendChild(row.type === 'group' ? groupRow(row, trace.durationMs) : spanRow(row, trace.durationMs));
    });
    $('trace-title').textContent = trace.name;
    $('trace-meta').textContent = trace.service + ' · ' + formatMs(trace.durationMs) + ' · ' + trace.spanCount + ' spans' +
      (trace.errorCount ? ' · ' + trace.errorCount + ' with ERROR' : '') + ' · ' + trace.traceId;
    var failed = firstError(trace);
    var card = $('first-error');
    card.hidden = !failed;
    if (failed) {
      card.replaceChildren(el('strong', null, ['ERROR ']), el('span', 'span-name', [failed.name]), ' (' + failed.service + '): ' + errorText(failed));
      card.onclick = function () { selectSpan(failed.spanId); };
    }
    renderDetail();
  }

  function keyValueTable(attributes) {
    var keys = Object.keys(attributes || {}).sort();
    if (!keys.length) return el('p', 'muted', ['none']);
    return el('table', null, keys.map(function (key) {
      var value = attributes[key];
      return el('tr', null, [el('td', 'key', [key]), el('td', null, [typeof value === 'string' ? value : JSON.stringify(value)])]);
    }));
  }

  function renderDetail() {
    var panel = $('span-detail');
    var span = state.trace && state.trace.spans.find(function (s) { return s.spanId === state.selected; });
    panel.hidden = !span;
    if (!span) return;
    var parts = [
      el('h2', null, [span.name]),
      el('p', null, [el('span', 'badge kind', [span.kind]), el('span', 'badge service', [span.service]), ' ',
        span.status === 'ERROR' ? el('strong', 'error-label', ['ERROR' + (span.statusMessage ? ': ' + span.statusMessage : '')]) : span.status]),
      el('p', 'muted', ['starts at ' + formatMs(span.startMs) + ' · lasts ' + formatMs(span.durationMs) + ' · self ' + formatMs(span.selfTimeMs)]),
    ];
    var exception = exceptionOf(span);
    if (exception) {
      parts.push(el('h3', null, ['Exception']));
      parts.push(el('div', 'exception', [
        el('strong', null, [String(exception['exception.type'] || 'Error')]), ': ' + String(exception['exception.message'] || ''),
        exception['exception.stacktrace'] ? el('pre', 'stack', [String(exception['exception.stacktrace'])]) : null,
      ]));
    }
    parts.push(el('h3', null, ['Attributes']), keyValueTable(span.attributes));
    parts.push(el('h3', null, ['Events']));
    if (!span.events.length) parts.push(el('p', 'muted', ['none']));
    span.events.forEach(function (event) {
      parts.push(el('div', 'event', [el('strong', null, [event.name]), ' at ' + formatMs(event.atMs)]));
      if (event.name !== 'exception' && Object.keys(event.attributes).length) parts.push(keyValueTable(event.attributes));
    });
    panel.replaceChildren.apply(panel, parts);
  }

  function selectSpan(spanId) {
    state.selected = spanId;
    renderTrace();
  }

  // ---- copy as Markdown ----

  function code(text) { return '`' + String(text).replace(/`/g, "'").replace(/\s+/g, ' ') + '`'; }

  function markdownOf(trace) {
    var lines = ['**Trace** ' + code(trace.name) + ' (' + trace.service + ') · ' + formatMs(trace.durationMs) + ' · ' +
      trace.spanCount + ' spans' + (trace.errorCount ? ' · ' + trace.errorCount + ' ERROR' : '') + ' · trace id ' + code(trace.traceId), ''];
    (function walk(nodes, depth) {
      groupSiblings(nodes).forEach(function (group) {
        var indent = new Array(depth + 1).join('  ');
        var span = group.nodes[0].span;
        if (group.nodes.length > 1) {
          var facts = groupFacts(group.nodes);
          lines.push(indent + '- ' + code(span.name) + ' ×' + group.nodes.length + ' · ' + span.kind + ' · ' + span.service + ' · ' +
            formatMs(facts.total) + ' in all' + (facts.errors ? ' · **ERROR ×' + facts.errors + '**' : ''));
          return;
        }
        lines.push(indent + '- ' + code(span.name) + ' · ' + span.kind + ' · ' + span.service + ' · ' + formatMs(span.durationMs) +
          ' (self ' + formatMs(span.selfTimeMs) + ')' + (span.status === 'ERROR' ? ' · **ERROR**: ' + errorText(span) : ''));
        walk(group.nodes[0].children, depth + 1);
      });
    })(buildTree(trace.spans), 0);
    var failed = firstError(trace);
    if (failed) {
      lines.push('', '**Error** in ' + code(failed.name) + ' (' + failed.service + '): ' + errorText(failed));
      var exception = exceptionOf(failed);
      if (exception && exception['exception.stacktrace']) lines.push('', '```', String(exception['exception.stacktrace']).replace(/```/g, "'''"), '```');
    }
    return lines.join('\n');
  }

  $('copy-markdown').addEventListener('click', function () {
    if (!state.trace) return;
    var text = markdownOf(state.trace);
    var area = $('markdown');
    area.value = text;
    area.hidden = false;
    area.select();
    var copied = navigator.clipboard && window.isSecureContext ? navigator.clipboard.writeText(text) : Promise.reject(new Error('no clipboard'));
    copied.then(function () { setStatus('Markdown copied'); }, function () { setStatus('select the Markdown below and copy it'); });
  });

  // ---- views and polling ----

  function loadTrace(traceId, quiet) {
    return getJson('/api/traces/' + encodeURIComponent(traceId)).then(function (trace) {
      if (state.traceId !== traceId) return;
      $('trace-missing').hidden = !!trace;
      if (!trace) return;
      // Spans still arriving (a consumer after the response): redraw only when there are more.
      if (quiet && state.trace && state.trace.spanCount === trace.spanCount) return;
      state.trace = trace;
      renderTrace();
    }, function (error) { setStatus('cannot reach the app: ' + error.message); });
  }

  function route() {
    var match = /^#\/trace\/([0-9a-f]{32})$/.exec(location.hash);
    clearInterval(state.timer);
    $('list-view').hidden = !!match;
    $('trace-view').hidden = !match;
    if (match) {
      if (state.traceId !== match[1]) {
        state.traceId = match[1];
        state.trace = null;
        state.selected = null;
        state.expanded = {};
        $('waterfall').replaceChildren();
        $('span-detail').hidden = true;
        $('first-error').hidden = true;
        $('markdown').hidden = true;
      }
      loadTrace(state.traceId, false);
      state.timer = setInterval(function () { loadTrace(state.traceId, true); }, POLL_MS);
    } else {
      state.traceId = null;
      refreshList();
      state.timer = setInterval(refreshList, POLL_MS);
    }
  }

  $('filter').addEventListener('input', renderList);
  $('errors-only').addEventListener('change', renderList);
  window.addEventListener('hashchange', route);
  route();
})();
