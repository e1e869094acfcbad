/**
 * The copy buttons' one behaviour (CopyButton.astro's markup): a click on a
 * `button[data-copy]` inside `root` copies its value, says so on the button
 * and, for screen readers, in `announce`. Buttons stay disabled where the
 * browser has no clipboard.
 */
export function wireCopyButtons(root: HTMLElement, announce: HTMLElement | null): void {
  const canCopy = Boolean(navigator.clipboard);
  // One listener for every copy button, including rows built later.
  root.addEventListener('click', async (event) => {
    const button = (event.target as Element).closest?.<HTMLButtonElement>('button[data-copy]');
    if (!button || button.disabled) return;
    const value = button.dataset.copy ?? '';
    try {
      await navigator.clipboard.writeText(value);
      button.textContent = 'Copied';
      if (announce) announce.textContent = `Copied image ID ${value}`;
    } catch {
      button.textContent = 'Copy failed';
      if (announce) announce.textContent = 'Could not copy; select the ID and copy it by hand.';
    }
    setTimeout(() => {
      button.textContent = 'Copy';
    }, 2000);
  });
  for (const button of root.querySelectorAll<HTMLButtonElement>('button[data-copy]')) button.disabled = !canCopy;
}
