// Small DOM helpers. Text is always set as text (never parsed as HTML), so nothing a
// conversation holds can run in the console.
const SVG_NS = 'http://www.w3.org/2000/svg';

function build(element, attrs, children) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else {
      element.setAttribute(name === 'className' ? 'class' : name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

export function s(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

export function replace(target, ...children) {
  target.replaceChildren();
  build(target, {}, children);
  return target;
}

const statusRegion = () => document.getElementById('status');

/** Says something in the aria-live status region (and shows it). */
export function announce(message, isError = false) {
  const region = statusRegion();
  region.classList.toggle('error', isError);
  region.textContent = message;
}

export function fmtTime(iso) {
  if (!iso) {
    return '—';
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

export function fmtNum(value, digits = 3) {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '—';
}

/** A labelled field: the label's for= names the input, which gets the id. */
export function field(id, labelText, input) {
  input.id = id;
  return h('div', { className: 'field' }, h('label', { for: id }, labelText), input);
}

export function notAvailable(what, why = 'its endpoint answered 404') {
  return h('p', { className: 'note', role: 'note' }, `${what} is not available on this gateway (${why}). `,
    'The rest of the console works without it.');
}

export function errorBox(error) {
  const lines = error.fieldErrors ? error.fieldErrors() : [];
  return h('div', { className: 'error-box', role: 'alert' },
    h('strong', {}, error.status ? `Error ${error.status}: ` : 'Error: '), error.message,
    lines.length ? h('ul', {}, lines.map((line) => h('li', {}, line))) : null);
}

/** Moves focus to the new view's heading, so keyboard and screen reader users land there. */
export function focusHeading(root) {
  const heading = root.querySelector('h1');
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: false });
  }
}
