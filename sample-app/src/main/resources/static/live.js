// The live page: starts a /wordcount run, reads its NDJSON as it streams, and once a second
// samples each executor's queue depth and in-flight count from /actuator/metrics into a chart.
'use strict';

const EXECUTORS = ['download', 'count', 'upload'];
const COLORS = { download: '#1f77b4', count: '#e8710a', upload: '#2ca02c' };
const METRICS = { depth: 'stream.executor.queue.depth', 'in-flight': 'stream.executor.in.flight' };
const WINDOW = 60;          // samples kept and drawn: one minute
const SHOWN_RESULTS = 15;   // newest result lines kept in the table

const samples = [];         // [{ download: {depth, 'in-flight'}, count: {...}, upload: {...} }]
const peaks = Object.fromEntries(EXECUTORS.map(name => [name, { depth: 0, 'in-flight': 0 }]));
let run = null;             // the AbortController of the run in progress
let totalCount = 0;         // the word's count over the pages received so far

const $ = selector => document.querySelector(selector);

async function readMetric(metric, executor) {
  const response = await fetch(`/actuator/metrics/${metric}?tag=name:${executor}`);
  if (!response.ok) {
    return null;            // no such meter (yet)
  }
  const body = await response.json();
  const value = body.measurements.find(m => m.statistic === 'VALUE');
  return value ? value.value : null;
}

async function sample() {
  const point = {};
  await Promise.all(EXECUTORS.map(async executor => {
    const [depth, inFlight] = await Promise.all(
      [readMetric(METRICS.depth, executor), readMetric(METRICS['in-flight'], executor)]);
    point[executor] = { depth, 'in-flight': inFlight };
  }));
  samples.push(point);
  if (samples.length > WINDOW) {
    samples.shift();
  }
  updateLegend(point);
  draw();
}

function updateLegend(point) {
  for (const executor of EXECUTORS) {
    const row = $(`tr[data-executor="${executor}"]`);
    for (const key of ['depth', 'in-flight']) {
      const value = point[executor][key];
      row.querySelector(`[data-metric="${key}"]`).textContent = value === null ? '–' : value;
      if (value !== null && value > peaks[executor][key]) {
        peaks[executor][key] = value;
        row.querySelector(`[data-metric="peak-${key}"]`).textContent = value;
      }
    }
  }
}

// Two panels, queue depth above and in flight below, one line per executor, newest on the right.
function draw() {
  const canvas = $('#chart');
  const g = canvas.getContext('2d');
  g.clearRect(0, 0, canvas.width, canvas.height);
  const panelHeight = canvas.height / 2;
  drawPanel(g, 'queue depth', 'depth', 0, canvas.width, panelHeight);
  drawPanel(g, 'in flight', 'in-flight', panelHeight, canvas.width, panelHeight);
}

function drawPanel(g, title, key, top, width, height) {
  const left = 48, right = 12, titleSpace = 22, bottom = 22;
  const plotTop = top + titleSpace, plotHeight = height - titleSpace - bottom;
  const plotWidth = width - left - right;
  const max = Math.max(1, ...samples.flatMap(p => EXECUTORS.map(e => p[e][key] || 0)));
  const yMax = niceCeiling(max);

  g.font = '13px system-ui, sans-serif';
  g.fillStyle = '#222';
  g.textAlign = 'left';
  g.fillText(title, left, top + 15);

  g.strokeStyle = '#e5e5e5';
  g.fillStyle = '#666';
  g.textAlign = 'right';
  g.lineWidth = 1;
  for (let i = 0; i <= 4; i++) {
    const y = plotTop + plotHeight - (plotHeight * i) / 4;
    g.beginPath();
    g.moveTo(left, y);
    g.lineTo(left + plotWidth, y);
    g.stroke();
    g.fillText(String(Math.round((yMax * i) / 4 * 10) / 10), left - 6, y + 4);
  }
  g.textAlign = 'left';
  g.fillText(`${WINDOW} s ago`, left, top + height - 6);
  g.textAlign = 'right';
  g.fillText('now', left + plotWidth, top + height - 6);

  const x = i => left + plotWidth - ((samples.length - 1 - i) * plotWidth) / (WINDOW - 1);
  const y = v => plotTop + plotHeight - (v / yMax) * plotHeight;
  g.lineWidth = 2;
  // count is drawn last and dashed: its line often lies on upload's (both buffers full).
  for (const executor of ['download', 'upload', 'count']) {
    g.strokeStyle = COLORS[executor];
    g.setLineDash(executor === 'count' ? [6, 4] : []);
    g.beginPath();
    let drawing = false;
    samples.forEach((point, i) => {
      const value = point[executor][key];
      if (value === null) {
        drawing = false;
        return;
      }
      if (drawing) {
        g.lineTo(x(i), y(value));
      } else {
        g.moveTo(x(i), y(value));
        drawing = true;
      }
    });
    g.stroke();
  }
  g.setLineDash([]);
}

function niceCeiling(value) {
  const magnitude = Math.pow(10, Math.floor(Math.log10(value)));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * magnitude >= value) {
      return step * magnitude;
    }
  }
  return 10 * magnitude;
}

function setStatus(text) {
  $('#status').textContent = text;
}

function showResult(result, received, total) {
  const row = document.createElement('tr');
  row.className = 'result';
  for (const value of [result.page, result.count, result.bytes]) {
    const cell = document.createElement('td');
    cell.textContent = value;
    row.appendChild(cell);
  }
  const body = $('#results');
  body.insertBefore(row, body.firstChild);
  while (body.children.length > SHOWN_RESULTS) {
    body.removeChild(body.lastChild);
  }
  $('#totals').textContent = `${received} / ${total} pages, "${result.word}" ${totalCount} times`;
}

async function startRun(word, pages) {
  run = new AbortController();
  totalCount = 0;
  $('#results').replaceChildren();
  $('#totals').textContent = '';
  $('#start').disabled = true;
  $('#stop').disabled = false;
  setStatus('running…');
  let received = 0;
  try {
    const query = new URLSearchParams({ word, pages });
    const response = await fetch(`/wordcount?${query}`, { signal: run.signal });
    if (!response.ok) {
      const problem = await response.json();
      setStatus(`error: ${problem.detail || response.status}`);
      return;
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        break;
      }
      buffered += decoder.decode(value, { stream: true });
      const lines = buffered.split('\n');
      buffered = lines.pop();
      for (const line of lines.filter(l => l.trim() !== '')) {
        const result = JSON.parse(line);
        if (result.error) {
          setStatus(`error: ${result.error}`);
          continue;
        }
        received++;
        totalCount += result.count;
        showResult(result, received, pages);
        setStatus(`running… ${received} / ${pages} pages`);
      }
    }
    setStatus(`done: ${received} pages`);
  } catch (e) {
    setStatus(e.name === 'AbortError' ? `stopped after ${received} pages` : `error: ${e}`);
  } finally {
    run = null;
    $('#start').disabled = false;
    $('#stop').disabled = true;
  }
}

$('#run-form').addEventListener('submit', event => {
  event.preventDefault();
  if (!run) {
    startRun($('#word').value, Number($('#pages').value));
  }
});
$('#stop').addEventListener('click', () => run && run.abort());

draw();
setInterval(sample, 1000);
sample();
