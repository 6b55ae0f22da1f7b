/**
 * Runs a long action with its button showing that it is working: disabled, aria-busy, and a
 * "正在…" text; the button comes back as it was however the action ends.
 */
export async function whileBusy<T>(button: HTMLButtonElement | null | undefined, busyText: string, action: () => Promise<T>): Promise<T> {
  if (!button) return action();
  const text = button.textContent;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  button.textContent = busyText;
  try {
    return await action();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.textContent = text;
  }
}

/** The submit button of a form (the one that submitted it, when the browser tells). */
export function submitterOf(e: Event): HTMLButtonElement | null {
  const s = (e as SubmitEvent).submitter;
  if (s instanceof HTMLButtonElement) return s;
  const form = e.target as HTMLFormElement | null;
  return form?.querySelector<HTMLButtonElement>('button[type="submit"]') ?? null;
}
