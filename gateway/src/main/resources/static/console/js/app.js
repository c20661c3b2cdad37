// The console's shell: sign-in, the hash router, and focus handling between views.
import { apiKey, signIn, signOut, call, whenUnauthorized } from './api.js';
import { h, replace, field, announce, errorBox, focusHeading } from './dom.js';
import { conversationsView } from './conversations.js';
import { conversationView } from './conversation.js';
import { turnView } from './turn.js';
import { importView } from './importer.js';
import { userView } from './user.js';

const main = document.getElementById('main');
const nav = document.getElementById('top-nav');
let rendering = 0;

whenUnauthorized(() => {
  // The sign-in form reports a refused key itself.
  if (nav.hidden) {
    return;
  }
  signOut();
  route('The API key was refused (unknown or revoked). Sign in again.');
});

document.getElementById('sign-out').addEventListener('click', () => {
  signOut();
  location.hash = '#/';
  route('Signed out.');
});

window.addEventListener('hashchange', () => route());
route();

function signInView(message) {
  nav.hidden = true;
  const keyInput = h('input', { type: 'password', name: 'apiKey', autocomplete: 'off', spellcheck: 'false', required: true });
  const problem = h('div', { id: 'signin-problem' });
  const form = h('form', { className: 'signin', id: 'signin-form', onsubmit: async (event) => {
    event.preventDefault();
    const key = keyInput.value.trim();
    if (!key) {
      return;
    }
    signIn(key);
    try {
      // Any call checks the key; a gateway without the list endpoint answers 404
      // after the key was accepted.
      await call('GET', '/v1/conversations?limit=1');
    } catch (error) {
      if (error.status === 401) {
        signOut();
        replace(problem, errorBox(error));
        keyInput.focus();
        return;
      }
    }
    announce('Signed in.');
    route();
  } },
  h('p', {}, 'Sign in with an API key of your tenant (sk-skein-…). It is kept in this browser tab only and sent as a Bearer token on each call.'),
  field('api-key', 'API key', keyInput),
  h('div', { className: 'row' }, h('button', { type: 'submit', id: 'signin-submit' }, 'Sign in')),
  problem);
  replace(main, h('h1', {}, 'Sign in'), form);
  if (message) {
    announce(message, true);
  }
  keyInput.focus();
}

async function route(message) {
  const ticket = ++rendering;
  if (!apiKey()) {
    signInView(message);
    return;
  }
  nav.hidden = false;
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, search] = hash.split('?');
  const query = new URLSearchParams(search || '');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  current(document.getElementById('nav-conversations'), parts.length === 0);
  current(document.getElementById('nav-import'), parts[0] === 'import');
  let pending;
  if (parts[0] === 'c' && parts[1]) {
    pending = parts[2] === 'turn' && parts[3] ? turnView(main, parts[1], parts[3])
      : conversationView(main, parts[1], parts[2] || 'transcript', query);
  } else if (parts[0] === 'u' && parts[1]) {
    pending = userView(main, parts[1], query);
  } else if (parts[0] === 'import') {
    pending = importView(main, query);
  } else {
    pending = conversationsView(main, query);
  }
  // Each view draws its heading before it waits for data: focus goes there at once.
  focusHeading(main);
  if (message) {
    announce(message);
  }
  try {
    await pending;
  } catch (error) {
    if (ticket === rendering) {
      replace(main, h('h1', {}, 'Something failed'), errorBox(error));
      focusHeading(main);
    }
  }
}

function current(link, isCurrent) {
  if (isCurrent) {
    link.setAttribute('aria-current', 'page');
  } else {
    link.removeAttribute('aria-current');
  }
}
