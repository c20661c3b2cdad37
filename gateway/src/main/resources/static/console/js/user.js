// One user of the tenant: the conversations that belong to them and their durable facts
// (what they stated in any of those conversations that no later statement superseded);
// erase.
import { call, user } from './api.js';
import { h, replace, field, fmtTime, fmtNum, announce, errorBox } from './dom.js';
import { confirmErase } from './erase.js';

const PAGE = 20;

export async function userView(main, id, query) {
  const conversations = h('section', { id: 'user-conversations', 'aria-labelledby': 'user-conversations-title' },
    h('h2', { id: 'user-conversations-title' }, 'Conversations'), h('p', { className: 'muted' }, 'Loading…'));
  const facts = h('section', { id: 'user-facts', 'aria-labelledby': 'user-facts-title' },
    h('h2', { id: 'user-facts-title' }, 'Durable facts'), h('p', { className: 'muted' }, 'Loading…'));
  const eraseProblem = h('div', { id: 'user-erase-problem' });
  replace(main,
    h('h1', {}, 'User ', h('span', { className: 'mono' }, id)),
    h('p', { className: 'muted' }, 'Conversations that name this user share their memory: a turn of one recalls from the others.'),
    h('div', { className: 'row' },
      h('button', { type: 'button', className: 'danger', id: 'user-erase-open', onclick: () => eraseUser(id, eraseProblem) }, 'Erase user…')),
    eraseProblem,
    conversations,
    facts,
    userSearch(id));
  const [listed, known] = await Promise.all([
    conversationsOf(conversations, id, query.get('cursor') || ''),
    factsOf(facts, id, query.get('facts') || '')]);
  if (listed !== null && known !== null) {
    announce(`User ${id}: ${listed} conversation${listed === 1 ? '' : 's'}, ${known} durable fact${known === 1 ? '' : 's'} shown.`);
  }
}

async function conversationsOf(section, id, cursor) {
  const title = h('h2', { id: 'user-conversations-title' }, 'Conversations');
  const params = new URLSearchParams({ limit: String(PAGE) });
  if (cursor) {
    params.set('cursor', cursor);
  }
  let page;
  try {
    page = await call('GET', `${user(id)}/conversations?${params}`);
  } catch (error) {
    replace(section, title, problem(error, 'This user does not exist (or was erased).'));
    announce(error.status === 404 ? `User ${id} not found.` : `Loading user ${id} failed: ${error.message}`, true);
    return null;
  }
  const rows = page.conversations || [];
  replace(section, title,
    rows.length ? h('table', { id: 'user-conversation-table' },
      h('caption', { className: 'muted' }, 'Newest activity first'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Conversation'),
        h('th', { scope: 'col', className: 'num' }, 'Messages'),
        h('th', { scope: 'col', className: 'num' }, 'Memories'),
        h('th', { scope: 'col' }, 'Last activity'))),
      h('tbody', {}, rows.map((c) => h('tr', { dataset: { conversation: c.conversationId } },
        h('td', {}, h('a', { href: `#/c/${encodeURIComponent(c.conversationId)}`, className: 'mono' }, c.conversationId)),
        h('td', { className: 'num' }, c.messageCount ?? '—'),
        h('td', { className: 'num' }, c.memoryCount ?? '—'),
        h('td', {}, fmtTime(c.lastActivityAt)))))) : h('p', {}, 'No conversations.'),
    h('nav', { className: 'pager', 'aria-label': 'Pages of the user’s conversations' },
      cursor ? h('a', { href: `#/u/${encodeURIComponent(id)}`, id: 'user-conversations-first' }, '← First page') : null,
      page.nextCursor ? h('a', { href: `#/u/${encodeURIComponent(id)}?cursor=${encodeURIComponent(page.nextCursor)}`, id: 'user-conversations-next' }, 'Next page →') : null));
  return rows.length;
}

async function factsOf(section, id, cursor) {
  const title = h('h2', { id: 'user-facts-title' }, 'Durable facts');
  const params = new URLSearchParams({ limit: String(PAGE) });
  if (cursor) {
    params.set('cursor', cursor);
  }
  let page;
  try {
    page = await call('GET', `${user(id)}/memory?${params}`);
  } catch (error) {
    replace(section, title, problem(error, 'No facts: this user does not exist (or was erased).'));
    return null;
  }
  const facts = page.facts || [];
  replace(section, title,
    h('p', { className: 'muted' }, 'What the user stated that no later statement superseded; pinned first, then by salience.'),
    facts.length ? h('ol', { className: 'messages', id: 'facts' }, facts.map((f) => h('li', { id: `fact-${f.memoryId}`, dataset: { memoryId: f.memoryId } },
      h('div', { className: 'meta' },
        f.pinned ? h('span', { className: 'badge' }, 'pinned') : null,
        h('span', {}, `salience ${fmtNum(f.salience)}`),
        h('span', {}, 'in ', h('a', { href: `#/c/${encodeURIComponent(f.conversationId)}`, className: 'mono' }, f.conversationId), ` #${f.sequence}`),
        f.speaker ? h('span', {}, f.speaker) : null,
        h('span', {}, fmtTime(f.createdAt))),
      h('div', { className: 'content' }, f.text)))) : h('p', {}, 'No durable facts yet.'),
    h('nav', { className: 'pager', 'aria-label': 'Pages of the user’s facts' },
      cursor ? h('a', { href: `#/u/${encodeURIComponent(id)}`, id: 'facts-first' }, '← First facts') : null,
      page.nextCursor ? h('a', { href: `#/u/${encodeURIComponent(id)}?facts=${encodeURIComponent(page.nextCursor)}`, id: 'facts-next' }, 'More facts →') : null));
  return facts.length;
}

/** Ranked memories of all the user's conversations, each hit naming its conversation. */
function userSearch(id) {
  const queryInput = h('input', { type: 'search', name: 'query', autocomplete: 'off', required: true });
  const results = h('div', { id: 'user-search-results', 'aria-live': 'polite' });
  return h('section', { id: 'user-search', 'aria-labelledby': 'user-search-title' },
    h('h2', { id: 'user-search-title' }, 'Search the user’s memory'),
    h('form', { className: 'row', role: 'search', id: 'user-search-form', onsubmit: async (event) => {
      event.preventDefault();
      replace(results, h('p', { className: 'muted' }, 'Searching…'));
      let answer;
      try {
        answer = await call('POST', `${user(id)}/memory:search`, { query: queryInput.value, topK: 10 });
      } catch (error) {
        replace(results, errorBox(error));
        announce(`Search failed: ${error.message}`, true);
        return;
      }
      const hits = answer.results || [];
      replace(results,
        h('p', {}, `${hits.length} hit${hits.length === 1 ? '' : 's'}.`),
        h('ol', { className: 'hits', id: 'user-hits' }, hits.map((hit, i) => h('li', { className: 'hit' },
          h('div', { className: 'meta' },
            h('strong', {}, `${i + 1}.`),
            h('span', { className: 'badge' }, hit.kind),
            h('span', {}, `score ${fmtNum(hit.score)}`),
            hit.conversationId ? h('span', {}, 'in ', h('a', { href: `#/c/${encodeURIComponent(hit.conversationId)}`, className: 'mono' }, hit.conversationId)) : null),
          h('blockquote', {}, hit.text)))));
      announce(`Search of user ${id}: ${hits.length} hits.`);
    } },
    field('user-search-query', 'Query', queryInput),
    h('button', { type: 'submit', id: 'user-search-submit' }, 'Search')),
    results);
}

/** Erases the user with every conversation and memory of theirs, after the typed confirmation. */
function eraseUser(id, problemBox) {
  confirmErase({
    id,
    title: 'Erase this user?',
    what: 'Every conversation (with its messages, memories, summaries and index entries) and every durable fact',
    label: 'User id',
    openerId: 'user-erase-open',
    erase: async () => {
      replace(problemBox);
      try {
        await call('DELETE', user(id));
        location.hash = `#/?erasedUser=${encodeURIComponent(id)}`;
      } catch (error) {
        replace(problemBox, problem(error, 'This user does not exist (or was already erased).'));
        announce(`Erase failed: ${error.message}`, true);
      }
    },
  });
}

function problem(error, notFound) {
  return error.status === 404 ? h('p', { className: 'note', role: 'note' }, notFound) : errorBox(error);
}
