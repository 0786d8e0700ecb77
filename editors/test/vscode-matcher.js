// Applies the problem matchers of editors/vscode/tasks.json to dockhand's gnu output the way
// VS Code's single-line matcher does (a JavaScript RegExp per output line; severity words
// "error", "warning", "info", and "note" -> info, as VS Code maps them).
// Usage: node vscode-matcher.js tasks.json < output    prints one JSON object per problem.
'use strict';
const fs = require('fs');
const tasks = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')).tasks;
const lines = fs.readFileSync(0, 'utf8').split(/\r?\n/);
const severity = (s) => ({ error: 'error', warning: 'warning', info: 'info', note: 'info' })[s.toLowerCase()] || 'error';
for (const task of tasks) {
  const m = task.problemMatcher;
  const p = m.pattern;
  const re = new RegExp(p.regexp);
  for (const line of lines) {
    const g = re.exec(line);
    if (!g) continue;
    console.log(JSON.stringify({
      task: task.label, owner: m.owner, file: g[p.file], line: +g[p.line], column: +g[p.column],
      severity: severity(g[p.severity]), message: g[p.message], code: g[p.code],
    }));
  }
}
