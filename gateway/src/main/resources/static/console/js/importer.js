// Import of a JSON file (the body of messages:import) into a conversation, with a
// progress bar until the index has caught up, that is, until it is searchable.
import { call, conv, idempotencyKey } from './api.js';
import { h, replace, field, announce, errorBox } from './dom.js';

// Below the gateway's default limit (5,000 messages a call) and its body size.
const BATCH = 1000;

export function importView(main, query) {
  const idInput = h('input', { type: 'text', name: 'conversationId', value: query.get('c') || '', autocomplete: 'off', spellcheck: 'false', required: true });
  const fileInput = h('input', { type: 'file', name: 'file', accept: '.json,application/json', required: true });
  const progress = h('progress', { id: 'import-progress', max: '100', value: '0' });
  const progressLabel = h('label', { for: 'import-progress', id: 'import-progress-label' }, 'Not started');
  const outcome = h('div', { id: 'import-outcome' });
  const submit = h('button', { type: 'submit', id: 'import-submit' }, 'Import');
  const form = h('form', { id: 'import-form', onsubmit: async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      await runImport(idInput.value.trim(), fileInput.files[0], progress, progressLabel, outcome);
    } finally {
      submit.disabled = false;
    }
  } },
  h('div', { className: 'row' },
    field('import-conversation', 'Conversation id', idInput),
    field('import-file', 'JSON file ({"messages":[…]}, as for messages:import)', fileInput),
    submit));
  replace(main,
    h('h1', {}, 'Import'),
    h('p', { className: 'muted' }, 'Each message: role (user or assistant), content, and optionally speaker, externalId, createdAt, metadata. ',
      'Messages with an externalId that is already stored are skipped, so an import can be run again.'),
    form,
    h('div', { className: 'panel' }, progressLabel, progress),
    outcome);
}

async function runImport(id, file, progress, label, outcome) {
  replace(outcome);
  const setProgress = (value, text) => {
    progress.value = Math.round(value);
    label.textContent = text;
  };
  let messages;
  try {
    const parsed = JSON.parse(await file.text());
    messages = Array.isArray(parsed) ? parsed : parsed.messages;
    if (!Array.isArray(messages) || !messages.length) {
      throw new Error('the file holds no "messages" array');
    }
  } catch (error) {
    setProgress(0, 'Not started');
    replace(outcome, errorBox({ message: `The file cannot be imported: ${error.message}` }));
    announce(`Import failed: ${error.message}`, true);
    return;
  }
  let stored = 0;
  let duplicates = 0;
  let first = null;
  let last = 0;
  const batches = Math.ceil(messages.length / BATCH);
  announce(`Importing ${messages.length} messages into ${id}…`);
  try {
    for (let i = 0; i < batches; i++) {
      setProgress((i / batches) * 50, `Storing batch ${i + 1} of ${batches}`);
      const answer = await call('POST', `${conv(id)}/messages:import`,
        { messages: messages.slice(i * BATCH, (i + 1) * BATCH) }, { 'Idempotency-Key': idempotencyKey() });
      stored += answer.imported;
      duplicates += answer.duplicates;
      if (first === null && answer.firstSequence != null) {
        first = answer.firstSequence;
      }
      last = answer.lastSequence;
    }
    setProgress(50, `Stored ${stored} messages (${duplicates} already there); indexing`);
    // Searchable once the index has reached the stream's head after the import.
    const from = first ?? last;
    for (;;) {
      const status = await call('GET', conv(id));
      const done = Math.max(0, status.indexedThrough - from + 1);
      const total = Math.max(1, last - from + 1);
      if (status.indexedThrough >= last) {
        break;
      }
      setProgress(50 + (Math.min(done, total) / total) * 50, `Indexing: ${Math.min(done, total)} of ${total} memories`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } catch (error) {
    replace(outcome, errorBox(error));
    label.textContent = `Stopped: ${error.message}`;
    announce(`Import failed: ${error.message}`, true);
    return;
  }
  setProgress(100, `Done: ${stored} messages stored, ${duplicates} duplicates skipped; searchable`);
  replace(outcome, h('p', { className: 'panel', id: 'import-done' }, `Imported ${stored} messages into `,
    h('a', { href: `#/c/${encodeURIComponent(id)}` }, id), '. They are searchable now.'));
  announce(`Import finished: ${stored} messages stored, searchable now.`);
}
