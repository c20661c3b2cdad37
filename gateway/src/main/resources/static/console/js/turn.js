// The assembled prompt of one turn: flash turns, recalled evidence (quoted), the budget
// used, and the messages the LLM was sent.
import { call, conv } from './api.js';
import { h, replace, fmtTime, fmtNum, errorBox, announce } from './dom.js';

export async function turnView(main, id, turnId) {
  const back = `#/c/${encodeURIComponent(id)}/transcript`;
  replace(main,
    h('h1', {}, 'Turn ', h('span', { className: 'mono' }, turnId)),
    h('p', {}, h('a', { href: back }, `← Transcript of ${id}`)),
    h('p', { className: 'muted' }, 'Loading…'));
  let turn;
  try {
    turn = await call('GET', `${conv(id)}/turns/${encodeURIComponent(turnId)}`);
  } catch (error) {
    main.lastChild.replaceWith(error.status === 404
      ? h('p', { className: 'note', role: 'note' }, 'The assembled prompt of this turn is not available: ',
        error.message, ' (a gateway without GET …/turns/{turnId} answers 404 too).')
      : errorBox(error));
    return;
  }
  const prompt = turn.prompt || {};
  const used = prompt.tokensUsed ?? 0;
  const budget = prompt.tokenBudget ?? 0;
  const flash = prompt.flash || [];
  const evidence = prompt.evidence || [];
  main.lastChild.replaceWith(h('div', { id: 'turn' },
    h('p', { className: 'meta' }, h('span', {}, fmtTime(turn.createdAt))),
    h('div', { className: 'panel' },
      h('h2', {}, 'Budget'),
      h('label', { for: 'turn-budget' }, `${used} of ${budget} tokens used`),
      h('meter', { id: 'turn-budget', min: '0', max: String(Math.max(budget, used, 1)), value: String(used), high: String(budget * 0.9 || 1) }, `${used} / ${budget}`)),
    h('h2', {}, 'The exchange'),
    message('User', turn.userMessage),
    message('Reply', turn.reply),
    h('h2', { id: 'turn-flash-title' }, `Flash memory in the prompt (${flash.length})`),
    flash.length ? h('ol', { className: 'messages', id: 'turn-flash', 'aria-labelledby': 'turn-flash-title' }, flash.map((t) => h('li', { className: t.role },
      h('div', { className: 'meta' }, h('span', {}, `#${t.sequence}`), h('strong', {}, t.speaker ? `${t.role} (${t.speaker})` : t.role)),
      h('div', { className: 'content' }, t.content)))) : h('p', {}, 'No flash turns.'),
    h('h2', { id: 'turn-evidence-title' }, `Evidence recalled (${evidence.length})`),
    evidence.length ? h('ol', { className: 'hits', id: 'turn-evidence', 'aria-labelledby': 'turn-evidence-title' }, evidence.map((e) => h('li', { className: 'hit' },
      h('div', { className: 'meta' }, h('span', { className: 'badge' }, e.kind), h('span', {}, `score ${fmtNum(e.score)}`),
        (e.externalIds || []).length ? h('span', { className: 'mono' }, `externalIds ${e.externalIds.join(', ')}`) : null,
        e.conversationId && e.conversationId !== id
          ? h('span', {}, 'from ', h('a', { href: `#/c/${encodeURIComponent(e.conversationId)}`, className: 'mono' }, e.conversationId)) : null),
      h('blockquote', {}, e.text)))) : h('p', {}, 'No archived memory was recalled for this turn.'),
    h('h2', {}, 'Messages sent to the LLM'),
    h('ol', { className: 'messages', id: 'turn-messages' }, (prompt.messages || []).map((m) => h('li', {},
      h('div', { className: 'meta' }, h('strong', {}, m.role)),
      h('pre', {}, m.content))))));
  announce(`Turn prompt: ${used} of ${budget} tokens, ${flash.length} flash turns, ${evidence.length} pieces of evidence.`);
}

function message(title, m) {
  if (!m) {
    return null;
  }
  return h('div', { className: 'panel' },
    h('div', { className: 'meta' }, h('strong', {}, title), m.role ? h('span', {}, m.role) : null,
      m.sequence != null ? h('span', {}, `#${m.sequence}`) : null, m.generatedBy ? h('span', {}, `by ${m.generatedBy}`) : null),
    h('div', { className: 'content' }, m.content ?? ''));
}
