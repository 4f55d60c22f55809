/**
 * The element with id `id`, of the type the page declares it with.
 * @throws Error when the page has no such element (index.html and the code disagree).
 */
export function byId<T extends HTMLElement>(id: string, type: abstract new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`playground: #${id} is missing or not a ${type.name}`);
  return element;
}

/** A new element with `text` as its text content (never parsed as HTML) and the given class. */
export function element<K extends keyof HTMLElementTagNameMap>(tag: K, text = '', className = ''): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (text) el.textContent = text;
  if (className) el.className = className;
  return el;
}
