// One conversation: its counters, and the transcript, memory and search tabs; erase.
import { call, conv } from './api.js';
import { h, replace, field, fmtTime, fmtNum, announce, errorBox, notAvailable } from './dom.js';
import { decayPlot, floorOf, salienceAt, scoreBar } from './plot.js';
import { confirmErase } from './erase.js';

const TABS = [['transcript', 'Transcript'], ['memory', 'Memory'], ['search', 'Search']];

export async function conversationView(main, id, tab, query) {
  const base = `#/c/${encodeURIComponent(id)}`;
  const summary = h('p', { className: 'meta', id: 'conversation-summary' }, 'Loading…');
  const body = h('section', { id: `tab-${tab}`, 'aria-labelledby': 'tab-title' });
  const eraseButton = h('button', { type: 'button', className: 'danger', id: 'erase-open', onclick: () => eraseConversation(id) }, 'Erase…');
  replace(main,
    h('h1', {}, 'Conversation ', h('span', { className: 'mono' }, id)),
    summary,
    h('nav', { className: 'tabs', 'aria-label': 'Conversation views' },
      TABS.map(([name, label]) => h('a', { href: `${base}/${name}`, id: `tab-link-${name}`, 'aria-current': name === tab ? 'page' : false }, label)),
      h('span', { className: 'spacer' }),
      eraseButton),
    body);

  call('GET', conv(id)).then((c) => {
    replace(summary,
      h('span', {}, `${c.messages} messages`),
      h('span', {}, `${c.memories} memories`),
      h('span', {}, `indexed through #${c.indexedThrough} of #${c.lastSequence}`),
      h('span', { className: 'badge' }, c.status),
      h('span', {}, `last activity ${fmtTime(c.lastActivityAt)}`),
      c.userId ? h('span', { id: 'conversation-user' }, 'user ',
        h('a', { href: `#/u/${encodeURIComponent(c.userId)}`, className: 'mono', id: 'user-link' }, c.userId)) : null);
  }).catch((error) => replace(summary, error.status === 404 ? 'This conversation does not exist (or was erased).' : errorBox(error)));

  if (tab === 'memory') {
    await memoryTab(body, id);
  } else if (tab === 'search') {
    searchTab(body, id, query);
  } else {
    await transcriptTab(body, id, query, base);
  }
}

// ---------------------------------------------------------------------------------------
// transcript
// ---------------------------------------------------------------------------------------
async function transcriptTab(body, id, query, base) {
  const cursor = query.get('cursor') || '';
  const back = (query.get('back') || '').split(',').filter(Boolean);
  replace(body, h('h2', { id: 'tab-title' }, 'Transcript'), h('p', { className: 'muted' }, 'Loading…'));
  const params = new URLSearchParams({ limit: '20' });
  if (cursor) {
    params.set('cursor', cursor);
  }
  let page;
  try {
    page = await call('GET', `${conv(id)}/messages?${params}`);
  } catch (error) {
    replace(body, h('h2', { id: 'tab-title' }, 'Transcript'), errorBox(error));
    return;
  }
  const link = (c, b) => {
    const p = new URLSearchParams();
    if (c) {
      p.set('cursor', c);
    }
    if (b.length) {
      p.set('back', b.join(','));
    }
    return `${base}/transcript?${p}`;
  };
  const messages = page.messages || [];
  replace(body,
    h('h2', { id: 'tab-title' }, 'Transcript'),
    messages.length ? null : h('p', {}, 'No messages.'),
    h('ol', { className: 'messages', id: 'transcript' }, messages.map((m) => {
      const turnId = m.metadata && m.metadata.turnId;
      return h('li', { className: m.role, id: `msg-${m.messageId}`, dataset: { sequence: m.sequence } },
        h('div', { className: 'meta' },
          h('span', {}, `#${m.sequence}`),
          h('strong', {}, m.speaker ? `${m.role} (${m.speaker})` : m.role),
          h('span', {}, fmtTime(m.createdAt)),
          m.externalId ? h('span', { className: 'mono' }, `externalId ${m.externalId}`) : null,
          turnId ? h('a', { href: `${base}/turn/${encodeURIComponent(turnId)}`, className: 'turn-link' }, 'Prompt of this turn') : null),
        h('div', { className: 'content' }, m.content));
    })),
    h('nav', { className: 'pager', 'aria-label': 'Pages of the transcript' },
      cursor ? h('a', { href: link((back[back.length - 1] || '-').replace(/^-$/, ''), back.slice(0, -1)), id: 'transcript-prev' }, '← Previous page') : null,
      page.nextCursor ? h('a', { href: link(page.nextCursor, [...back, cursor || '-']), id: 'transcript-next' }, 'Next page →') : null));
  announce(`Transcript: ${messages.length} messages from #${messages.length ? messages[0].sequence : 0}.`);
}

// ---------------------------------------------------------------------------------------
// memory
// ---------------------------------------------------------------------------------------
async function memoryTab(body, id) {
  replace(body, h('h2', { id: 'tab-title' }, 'Memory'), h('p', { className: 'muted' }, 'Loading…'));
  let view;
  try {
    view = await call('GET', `${conv(id)}/memory`);
  } catch (error) {
    replace(body, h('h2', { id: 'tab-title' }, 'Memory'), errorBox(error));
    return;
  }
  const params = view.salience || {};
  const turn = params.currentTurn ?? 0;
  const archived = view.archived || [];
  const known = new Set(archived.map((a) => a.memoryId));
  const flashTurns = (view.flash && view.flash.turns) || [];
  flashTurns.forEach((t) => known.add(t.messageId));
  const budget = view.budget || {};
  const counts = view.counts || {};
  const recall = view.recall || {};

  replace(body,
    h('h2', { id: 'tab-title' }, 'Memory'),
    h('div', { className: 'panel', id: 'memory-overview' },
      h('p', {}, `${counts.messages ?? '—'} messages, ${counts.historyTokens ?? '—'} tokens of history; current turn ${turn}. `,
        `Context budget ${budget.contextBudgetTokens ?? '—'} tokens: flash up to ${budget.flashTurns ?? '—'} turns / ${budget.flashBudgetTokens ?? '—'} tokens, recall top ${budget.recallTopK ?? '—'}.`),
      h('p', {}, `Next turn ${recall.nextTurnRecalls ? 'recalls' : 'does not recall'} archived memory: ${recall.olderMessages ?? 0} older messages, `,
        `${recall.recallTokenBudget ?? '—'} tokens left for recall. Salience: decay ×${params.decayRatio ?? '—'} per turn, reinforcement +${params.boost ?? '—'}, policy ${params.recallPolicy ?? '—'}.`)),

    h('h3', { id: 'flash-title' }, `Flash memory (${flashTurns.length} turns, ${(view.flash && view.flash.tokens) ?? 0} tokens)`),
    flashTurns.length ? h('ol', { className: 'messages', id: 'flash', 'aria-labelledby': 'flash-title' }, flashTurns.map((t) =>
      h('li', { className: t.role, id: `mem-${t.messageId}` },
        h('div', { className: 'meta' },
          h('span', {}, `#${t.sequence}`), h('strong', {}, t.speaker ? `${t.role} (${t.speaker})` : t.role),
          h('span', {}, `${t.tokens} tokens`),
          t.truncated ? h('span', { className: 'badge warn' }, 'truncated') : null,
          t.summarized ? h('span', { className: 'badge warn' }, 'replaced by its summary') : null),
        h('div', { className: 'content' }, t.content)))) : h('p', {}, 'No flash turns yet.'),

    h('h3', { id: 'archived-title' }, `Archived memories by salience (${archived.length})`),
    archived.length ? h('table', { id: 'archived', 'aria-labelledby': 'archived-title' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', className: 'num' }, 'Turn'),
        h('th', { scope: 'col' }, 'Memory and why it is salient'),
        h('th', { scope: 'col', className: 'num' }, 'Salience'),
        h('th', { scope: 'col' }, 'Decay over turns'),
        h('th', { scope: 'col' }, 'Superseded'),
        h('th', { scope: 'col' }, 'Actions'))),
      h('tbody', {}, archived.map((a) => archivedRow(a, params, turn, known, () => memoryTab(body, id), id)))) : h('p', {}, 'Nothing archived yet: every message is still in flash memory.'),

    h('h3', { id: 'summaries-title' }, `Windows and summaries (${(view.summaries || []).length})`),
    (view.summaries || []).length ? h('ul', { className: 'messages', id: 'summaries', 'aria-labelledby': 'summaries-title' }, view.summaries.map((sm) =>
      h('li', { id: `mem-${sm.memoryId}` },
        h('div', { className: 'meta' },
          h('span', { className: 'badge' }, sm.level),
          h('span', {}, `covers turns #${sm.firstSequence}–#${sm.lastSequence} (${sm.messageCount} messages)`),
          h('span', {}, `${sm.tokens} tokens`),
          h('span', {}, sm.generatedBy ? `by ${sm.generatedBy}` : null)),
        h('div', { className: 'content' }, sm.text),
        coveredTurns(sm, known)))) : h('p', {}, 'No windows or summaries yet.'));
  announce(`Memory: ${flashTurns.length} flash turns, ${archived.length} archived memories, ${(view.summaries || []).length} summaries.`);
  await fillTexts(body, id, archived);
}

/**
 * The memory view names archived turns by sequence; their text comes from the transcript,
 * read in pages of 1,000 until every archived turn (and what superseded it) is found.
 */
async function fillTexts(body, id, archived) {
  const wanted = new Set(archived.map((a) => a.sequence));
  const byId = new Map();
  const bySequence = new Map();
  let cursor = '';
  for (let page = 0; page < 5 && wanted.size; page++) {
    let answer;
    try {
      answer = await call('GET', `${conv(id)}/messages?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    } catch {
      break;
    }
    for (const m of answer.messages || []) {
      bySequence.set(m.sequence, m);
      byId.set(m.messageId, m);
      wanted.delete(m.sequence);
    }
    if (!answer.nextCursor) {
      break;
    }
    cursor = answer.nextCursor;
  }
  for (const a of archived) {
    const cell = body.querySelector(`tr[data-memory-id="${a.memoryId}"] .memory-text`);
    const m = bySequence.get(a.sequence);
    if (cell) {
      cell.textContent = m ? `${m.speaker || m.role}: ${m.content}` : '(text not loaded: see the transcript)';
    }
    const newer = a.supersededBy && byId.get(a.supersededBy);
    const link = body.querySelector(`tr[data-memory-id="${a.memoryId}"] .superseded-text`);
    if (newer && link) {
      link.textContent = `#${newer.sequence}: ${newer.content}`;
    }
  }
}

function archivedRow(a, params, turn, known, reload, id) {
  const floor = floorOf(a, params);
  const phrases = (a.keyPhrases || []).map((k) => h('span', { className: 'badge' }, `${k.phrase} ${fmtNum(k.weight, 2)}`));
  const superseded = a.supersededBy
    ? h('td', {}, 'by ', known.has(a.supersededBy)
      ? h('a', { href: `#mem-${a.supersededBy}`, className: 'mono superseded-link', onclick: jumpTo(a.supersededBy) }, short(a.supersededBy))
      : h('span', { className: 'mono' }, short(a.supersededBy)),
    a.supersededAtTurn != null ? ` at turn ${a.supersededAtTurn}` : '',
    h('div', { className: 'superseded-text' }))
    : h('td', {}, '—');
  return h('tr', { id: `mem-${a.memoryId}`, className: a.supersededBy ? 'superseded' : null, dataset: { memoryId: a.memoryId } },
    h('td', { className: 'num' }, `#${a.sequence}`),
    h('td', {}, h('div', { className: 'content memory-text' }, '…'),
      h('div', { className: 'muted' }, a.reason || '—'), a.note ? h('div', { className: 'muted' }, a.note) : null, h('div', {}, phrases)),
    h('td', { className: 'num' }, fmtNum(a.salience), a.pinned ? h('div', {}, h('span', { className: 'badge' }, 'pinned')) : null),
    h('td', {}, decayPlot(a, turn, floor), h('div', { className: 'muted' },
      `${fmtNum(a.base, 2)} × ${a.decayRatio}^(${turn} − ${a.lastReinforcedTurn}) = ${fmtNum(salienceAt(a, turn, floor), 3)}`)),
    superseded,
    h('td', {},
      h('button', { type: 'button', className: 'secondary', 'aria-label': `${a.pinned ? 'Unpin' : 'Pin'} memory #${a.sequence}`,
        onclick: () => changeMemory(id, a, 'PATCH', { pinned: !a.pinned }, reload) }, a.pinned ? 'Unpin' : 'Pin'),
      ' ',
      h('button', { type: 'button', className: 'secondary', 'aria-label': `Delete memory #${a.sequence}`,
        onclick: () => {
          // A native confirm: keyboard and screen readers handle it without help.
          if (window.confirm(`Delete memory #${a.sequence}? It is no longer recalled or found.`)) {
            changeMemory(id, a, 'DELETE', undefined, reload);
          }
        } }, 'Delete')));
}

/** Pins, unpins or deletes one memory, then draws the memory view again. */
async function changeMemory(id, memory, method, body, reload) {
  const what = method === 'DELETE' ? 'Deleting' : body.pinned ? 'Pinning' : 'Unpinning';
  try {
    await call(method, `${conv(id)}/memories/${encodeURIComponent(memory.memoryId)}`, body);
  } catch (error) {
    announce(error.status === 404
      ? `${what} memory #${memory.sequence} is not available on this gateway, or the memory is gone (404: ${error.message}).`
      : `${what} memory #${memory.sequence} failed: ${error.message}`, true);
    return;
  }
  await reload();
  announce(`${method === 'DELETE' ? 'Deleted' : body.pinned ? 'Pinned' : 'Unpinned'} memory #${memory.sequence}.`);
}

function coveredTurns(summary, known) {
  const ids = summary.messageIds || [];
  if (!ids.length) {
    return null;
  }
  const external = summary.externalIds || [];
  return h('details', {},
    h('summary', {}, `The ${ids.length} turns it covers`),
    h('ul', {}, ids.map((messageId, i) => h('li', { className: 'mono' },
      known.has(messageId) ? h('a', { href: `#mem-${messageId}`, onclick: jumpTo(messageId) }, short(messageId)) : short(messageId),
      external[i] ? ` (externalId ${external[i]})` : ''))));
}

/** In-page links to memories, without touching the router's hash. */
function jumpTo(memoryId) {
  return (event) => {
    event.preventDefault();
    const target = document.getElementById(`mem-${memoryId}`);
    if (target) {
      target.tabIndex = -1;
      target.scrollIntoView({ block: 'center' });
      target.focus();
      announce(`Moved to memory ${short(memoryId)}.`);
    }
  };
}

const short = (uuid) => (uuid ? String(uuid).slice(0, 8) : '');

// ---------------------------------------------------------------------------------------
// search
// ---------------------------------------------------------------------------------------
const PARTS = ['dense', 'lexical', 'time', 'salience', 'speaker', 'supersession', 'neighbours'];

function searchTab(body, id, query) {
  const queryInput = h('input', { type: 'search', name: 'query', value: query.get('q') || '', autocomplete: 'off', required: true });
  const topK = h('input', { type: 'number', name: 'topK', value: '10', min: '1', max: '50' });
  const explain = h('input', { type: 'checkbox', id: 'search-explain', checked: true });
  const across = h('input', { type: 'checkbox', id: 'search-user-scope' });
  const results = h('div', { id: 'search-results', 'aria-live': 'polite' });
  const form = h('form', { className: 'row', role: 'search', id: 'search-form', onsubmit: async (event) => {
    event.preventDefault();
    await runSearch(id, queryInput.value, Number(topK.value) || 10, explain.checked, results, across.checked);
  } },
  field('search-query', 'Query', queryInput),
  field('search-topk', 'Top k', topK),
  h('div', { className: 'checkbox' }, explain, h('label', { for: 'search-explain' }, 'Explain scores')),
  h('div', { className: 'checkbox' }, across, h('label', { for: 'search-user-scope' }, 'All conversations of its user')),
  h('button', { type: 'submit', id: 'search-submit' }, 'Search'));
  replace(body, h('h2', { id: 'tab-title' }, 'Search playground'),
    h('p', { className: 'muted' }, 'Ranks this conversation’s memories as a turn’s recall would, and shows each hit’s score in parts.'),
    form, results);
}

async function runSearch(id, queryText, topK, explain, results, userScope) {
  replace(results, h('p', { className: 'muted' }, 'Searching…'));
  const request = { query: queryText, topK };
  if (explain) {
    request.explain = true;
  }
  if (userScope) {
    request.scope = 'user';
  }
  let answer;
  try {
    answer = await call('POST', `${conv(id)}/memory:search`, request);
  } catch (error) {
    // A gateway without "explain" that refuses unknown fields: search without it.
    if (explain && error.status === 400 && error.fieldErrors().some((e) => e.startsWith('explain'))) {
      return runSearch(id, queryText, topK, false, results, userScope);
    }
    replace(results, errorBox(error));
    announce(`Search failed: ${error.message}`, true);
    return;
  }
  const hits = answer.results || [];
  const explained = hits.some((hit) => hit.explain);
  replace(results,
    h('p', {}, `${hits.length} hit${hits.length === 1 ? '' : 's'}${answer.consistent === false ? ' (the index was still catching up)' : ''}.`),
    explain && hits.length && !explained ? notAvailable('The score breakdown ("explain")', 'its hits came without one') : null,
    h('ol', { className: 'hits', id: 'hits' }, hits.map((hit, i) => h('li', { className: 'hit', dataset: { memoryId: hit.memoryId } },
      h('div', { className: 'meta' },
        h('strong', {}, `${i + 1}.`),
        h('span', { className: 'badge' }, hit.kind),
        h('span', {}, `score ${fmtNum(hit.score)}`),
        h('span', {}, fmtTime(hit.createdAt)),
        (hit.externalIds || []).length ? h('span', { className: 'mono' }, `externalIds ${hit.externalIds.join(', ')}`) : null,
        hit.conversationId && hit.conversationId !== id
          ? h('span', {}, 'from ', h('a', { href: `#/c/${encodeURIComponent(hit.conversationId)}`, className: 'mono' }, hit.conversationId)) : null),
      h('blockquote', {}, hit.text),
      hit.explain ? breakdown(hit.explain, i) : null))));
  announce(`Search: ${hits.length} hits${explained ? ' with score breakdowns' : ''}.`);
}

function breakdown(explain, index) {
  const values = PARTS.map((part) => explain[part]).filter((v) => typeof v === 'number');
  const maxAbs = Math.max(1e-9, ...values.map(Math.abs), Math.abs(explain.fused || 0));
  return h('table', { className: 'breakdown', 'aria-label': `Score parts of hit ${index + 1}` },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Part'), h('th', { scope: 'col', className: 'num' }, 'Value'), h('th', { scope: 'col', className: 'bar-cell' }, h('span', { className: 'muted' }, 'relative')))),
    h('tbody', {},
      PARTS.map((part) => h('tr', { dataset: { part } },
        h('th', { scope: 'row' }, part),
        h('td', { className: 'num' }, fmtNum(explain[part])),
        h('td', { className: 'bar-cell' }, scoreBar(explain[part], maxAbs)))),
      h('tr', { dataset: { part: 'fused' } },
        h('th', { scope: 'row' }, 'fused'),
        h('td', { className: 'num' }, h('strong', {}, fmtNum(explain.fused))),
        h('td', { className: 'bar-cell' }, scoreBar(explain.fused, maxAbs)))));
}

// ---------------------------------------------------------------------------------------
// erase
// ---------------------------------------------------------------------------------------
function eraseConversation(id) {
  confirmErase({
    id,
    title: 'Erase this conversation?',
    what: 'Every message, memory, summary and index entry',
    label: 'Conversation id',
    openerId: 'erase-open',
    erase: async () => {
      try {
        await call('DELETE', conv(id));
        location.hash = `#/?erased=${encodeURIComponent(id)}`;
      } catch (error) {
        announce(`Erase failed: ${error.message}`, true);
      }
    },
  });
}
