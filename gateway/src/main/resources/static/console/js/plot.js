// Pictures drawn from API data: the salience decay of an archived memory and the parts
// of a search score. SVG built through the DOM (no inline script or style: the CSP
// allows neither).
import { s, fmtNum } from './dom.js';

/**
 * The memory-service's decay (memory-service salience/Decay.effective): salience at turn t
 * is base · ratio^(t − lastTurn), no decay before lastTurn; a pinned memory never falls
 * below its floor.
 */
export function salienceAt(memory, turn, floor = null) {
  const value = memory.base * Math.pow(memory.decayRatio, Math.max(0, turn - memory.lastReinforcedTurn));
  return floor === null ? value : Math.max(floor, value);
}

/** The floor of a pinned memory, when the API says there is one. */
export function floorOf(memory, parameters) {
  if (typeof memory.floor === 'number') {
    return memory.floor;
  }
  if (memory.pinned && parameters && typeof parameters.pinnedFloor === 'number') {
    return parameters.pinnedFloor;
  }
  return null;
}

/**
 * A small plot of salience from the turn it was last reinforced to some turns past the
 * current one, the current turn marked.
 */
export function decayPlot(memory, currentTurn, floor = null) {
  const width = 220;
  const height = 70;
  const pad = { left: 26, right: 6, top: 6, bottom: 16 };
  const start = memory.lastReinforcedTurn;
  const span = Math.max(10, (currentTurn - start) * 2);
  const end = start + span;
  const x = (turn) => pad.left + ((turn - start) / span) * (width - pad.left - pad.right);
  const y = (v) => pad.top + (1 - v) * (height - pad.top - pad.bottom);
  const points = [];
  const steps = 60;
  for (let i = 0; i <= steps; i++) {
    const turn = start + (span * i) / steps;
    points.push(`${x(turn).toFixed(1)},${y(salienceAt(memory, turn, floor)).toFixed(1)}`);
  }
  const now = salienceAt(memory, currentTurn, floor);
  const label = `Salience ${fmtNum(memory.base, 2)} at turn ${start}, ${fmtNum(now, 2)} now at turn ${currentTurn}, `
    + `${fmtNum(salienceAt(memory, end, floor), 2)} at turn ${end}; decay ratio ${memory.decayRatio} per turn`
    + (floor === null ? '' : `, pinned at a floor of ${fmtNum(floor, 2)}`);
  return s('svg', { className: 'decay', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label },
    s('title', {}, label),
    s('line', { className: 'axis', x1: pad.left, y1: y(0), x2: width - pad.right, y2: y(0) }),
    s('line', { className: 'axis', x1: pad.left, y1: y(0), x2: pad.left, y2: y(1) }),
    s('text', { x: 2, y: y(1) + 8 }, '1.0'),
    s('text', { x: 2, y: y(0) }, '0'),
    s('text', { x: pad.left, y: height - 3 }, `t${start}`),
    s('text', { x: width - pad.right - 28, y: height - 3 }, `t${end}`),
    s('polyline', { className: 'curve', points: points.join(' ') }),
    s('circle', { className: 'now', cx: x(currentTurn), cy: y(now), r: 3.5 }));
}

/** A horizontal bar for one score part; negative parts grow left of the zero line. */
export function scoreBar(value, maxAbs) {
  const width = 160;
  const height = 14;
  const mid = width / 2;
  const scale = maxAbs > 0 ? (mid - 2) / maxAbs : 0;
  const length = Math.abs(value || 0) * scale;
  const positive = (value || 0) >= 0;
  return s('svg', { className: 'bar', width, height, viewBox: `0 0 ${width} ${height}`, 'aria-hidden': 'true' },
    s('line', { className: 'axis', x1: mid, y1: 0, x2: mid, y2: height }),
    s('rect', { className: positive ? 'pos' : 'neg', x: positive ? mid : mid - length, y: 2, width: length, height: height - 4 }));
}
