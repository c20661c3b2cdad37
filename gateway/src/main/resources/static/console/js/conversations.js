// The tenant's conversations: newest activity first, filtered by id prefix, paged.
import { call } from './api.js';
import { h, replace, field, fmtTime, announce, notAvailable, errorBox } from './dom.js';

const PAGE = 20;

export async function conversationsView(main, query) {
  const prefix = query.get('prefix') || '';
  const cursor = query.get('cursor') || '';
  const filterInput = h('input', { type: 'search', name: 'prefix', value: prefix, autocomplete: 'off', spellcheck: 'false' });
  const openInput = h('input', { type: 'text', name: 'id', autocomplete: 'off', spellcheck: 'false', required: true });
  const results = h('div', { id: 'conversation-results' }, h('p', { className: 'muted' }, 'Loading…'));
  const erased = query.get('erased');
  const erasedUser = query.get('erasedUser');
  // what the view says first after an erase (it comes here from the conversation or user view)
  const erasedNews = erased ? `Conversation ${erased} erased. `
    : erasedUser ? `User ${erasedUser} erased with all their conversations. ` : '';
  replace(main,
    h('h1', {}, 'Conversations'),
    erased ? h('p', { className: 'panel', id: 'erased-note' }, 'Conversation ', h('span', { className: 'mono' }, erased), ' was erased.') : null,
    erasedUser ? h('p', { className: 'panel', id: 'erased-note' }, 'User ', h('span', { className: 'mono' }, erasedUser),
      ' was erased, with every conversation and memory of theirs.') : null,
    h('div', { className: 'row' },
      h('form', { className: 'row', role: 'search', id: 'filter-form', onsubmit: (event) => {
        event.preventDefault();
        const params = new URLSearchParams();
        if (filterInput.value.trim()) {
          params.set('prefix', filterInput.value.trim());
        }
        location.hash = `#/?${params}`;
      } },
      field('filter-prefix', 'Filter by id prefix', filterInput),
      h('button', { type: 'submit', id: 'filter-submit' }, 'Filter')),
      h('form', { className: 'row', id: 'open-form', onsubmit: (event) => {
        event.preventDefault();
        if (openInput.value.trim()) {
          location.hash = `#/c/${encodeURIComponent(openInput.value.trim())}`;
        }
      } },
      field('open-id', 'Open a conversation by id', openInput),
      h('button', { type: 'submit', className: 'secondary' }, 'Open'))),
    results);

  const params = new URLSearchParams({ limit: String(PAGE) });
  if (prefix) {
    params.set('idPrefix', prefix);
  }
  if (cursor) {
    params.set('cursor', cursor);
  }
  let page;
  try {
    page = await call('GET', `/v1/conversations?${params}`);
  } catch (error) {
    if (erasedNews) {
      announce(erasedNews.trim());
    }
    replace(results, error.status === 404 ? notAvailable('Listing conversations') : errorBox(error));
    return;
  }
  const rows = page.conversations || [];
  announce(erasedNews
    + `${rows.length} conversation${rows.length === 1 ? '' : 's'} shown${prefix ? ` for prefix “${prefix}”` : ''}.`);
  if (!rows.length) {
    replace(results, h('p', {}, prefix ? `No conversation id starts with “${prefix}”.` : 'No conversations yet. Import one, or send a message through the API.'));
    return;
  }
  // The cursors of the pages before this one ('-' is the first page), so "previous" needs
  // nothing from the server.
  const back = (query.get('back') || '').split(',').filter(Boolean);
  replace(results,
    h('table', { id: 'conversation-table' },
      h('caption', { className: 'muted' }, 'Newest activity first'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Conversation'),
        h('th', { scope: 'col', className: 'num' }, 'Messages'),
        h('th', { scope: 'col', className: 'num' }, 'Memories'),
        h('th', { scope: 'col' }, 'User'),
        h('th', { scope: 'col' }, 'Created'),
        h('th', { scope: 'col' }, 'Last activity'))),
      h('tbody', {}, rows.map((c) => h('tr', { dataset: { conversation: c.conversationId } },
        h('td', {}, h('a', { href: `#/c/${encodeURIComponent(c.conversationId)}`, className: 'mono' }, c.conversationId)),
        h('td', { className: 'num' }, c.messageCount ?? '—'),
        h('td', { className: 'num' }, c.memoryCount ?? '—'),
        h('td', {}, c.userId ? h('a', { href: `#/u/${encodeURIComponent(c.userId)}`, className: 'mono' }, c.userId) : '—'),
        h('td', {}, fmtTime(c.createdAt)),
        h('td', {}, fmtTime(c.lastActivityAt)))))),
    h('nav', { className: 'pager', 'aria-label': 'Pages of conversations' },
      cursor ? h('a', { href: pageLink(prefix, (back[back.length - 1] || '-').replace(/^-$/, ''), back.slice(0, -1)), id: 'conversations-prev' }, '← Previous page') : null,
      page.nextCursor ? h('a', { href: pageLink(prefix, page.nextCursor, [...back, cursor || '-']), id: 'conversations-next' }, 'Next page →') : null));
}

function pageLink(prefix, cursor, back) {
  const params = new URLSearchParams();
  if (prefix) {
    params.set('prefix', prefix);
  }
  if (cursor) {
    params.set('cursor', cursor);
  }
  if (back.length) {
    params.set('back', back.join(','));
  }
  return `#/?${params}`;
}
