// The erase confirmation shared by a conversation and a user: a modal dialog that names
// what is deleted and is only confirmed by typing its id, so no stray click or Enter
// erases anything.
import { announce } from './dom.js';

/**
 * Asks to erase `id`. `what` says what is deleted (after "… of <id>"), `label` names the
 * id to type; `erase` runs only when the id was typed and "Erase for good" pressed, and
 * the button `openerId` gets focus back on cancel.
 */
export function confirmErase({ id, title, what, label, openerId, erase }) {
  const dialog = document.getElementById('erase-dialog');
  const input = document.getElementById('erase-confirm');
  const submit = document.getElementById('erase-submit');
  document.getElementById('erase-title').textContent = title;
  document.getElementById('erase-what').textContent = what;
  document.getElementById('erase-name').textContent = id;
  document.getElementById('erase-label').textContent = label;
  input.value = '';
  submit.disabled = true;
  input.oninput = () => {
    submit.disabled = input.value !== id;
  };
  dialog.returnValue = '';
  dialog.onclose = () => {
    if (dialog.returnValue !== 'erase' || input.value !== id) {
      announce('Erase cancelled.');
      document.getElementById(openerId)?.focus();
      return;
    }
    announce(`Erasing ${id}…`);
    erase();
  };
  dialog.showModal();
  input.focus();
}
